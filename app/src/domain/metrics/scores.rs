//! metrics.md, "Scores": 100 × the weighted mean of the non-null parts;
//! null when every part is null.

pub fn weighted(parts: &[(Option<f64>, f64)]) -> Option<f64> {
    let (sum, weight) = parts
        .iter()
        .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
        .fold((0.0, 0.0), |(s, tw), (vw, w)| (s + vw, tw + w));
    (weight > 0.0).then(|| 100.0 * sum / weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_parts_drop_their_weight() {
        assert_eq!(weighted(&[(None, 1.0), (None, 2.0)]), None);
        assert_eq!(
            weighted(&[(Some(0.5), 2.0), (None, 1.0), (Some(1.0), 1.0)]),
            Some(100.0 * 2.0 / 3.0)
        );
        assert_eq!(weighted(&[(Some(0.25), 1.0)]), Some(25.0));
    }
}
