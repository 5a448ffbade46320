//! Map outlines made small enough for a page. Both npm packages
//! (`@svg-maps/mexico`, `@svg-maps/world`) draw each place as one path of
//! `m … z` rings; each ring is simplified by Ramer–Douglas–Peucker within
//! half a unit (under half a pixel at the width a desktop shows the map),
//! islets under one square unit dropped unless they are all of their place,
//! coordinates written to a tenth and relative. Places may be left out (the
//! world leaves out Antarctica: nobody's origin), the box is cropped to what
//! is left, and a second box frames a group of places for a close-up (the
//! world's: Latin America and the Caribbean, where most seat holders come
//! from and where small countries need a closer look).
use serde_json::{json, Value};
use std::error::Error;

type Point = (f64, f64);

/// Farthest a dropped point may lie from the simplified line (map units).
const TOLERANCE: f64 = 0.5;
/// Smallest ring kept besides a country's largest (square map units).
const ISLET: f64 = 1.0;
/// Countries framed by the world's close-up.
pub const LATIN_AMERICA: [&str; 24] = [
    "mx", "gt", "bz", "sv", "hn", "ni", "cr", "pa", "cu", "ht", "do", "jm", "pr", "co", "ve", "ec",
    "pe", "bo", "br", "cl", "ar", "py", "uy", "gy",
];

/// Rings of absolute points from a path of `m`, `l` and `z` (relative or
/// absolute); any other command is refused, so a changed package is
/// noticed here rather than drawn wrong.
fn rings(path: &str) -> Result<Vec<Vec<Point>>, String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut number = String::new();
    let flush = |number: &mut String, tokens: &mut Vec<String>| {
        if !number.is_empty() {
            tokens.push(std::mem::take(number));
        }
    };
    for c in path.chars() {
        match c {
            'm' | 'M' | 'l' | 'L' | 'z' | 'Z' => {
                flush(&mut number, &mut tokens);
                tokens.push(c.to_string());
            }
            '-' if !number.ends_with('e') => {
                flush(&mut number, &mut tokens);
                number.push(c);
            }
            '.' if number.contains('.') && !number.contains('e') => {
                flush(&mut number, &mut tokens);
                number.push(c);
            }
            '0'..='9' | '.' | 'e' | '-' => number.push(c),
            ' ' | ',' | '\n' | '\t' => flush(&mut number, &mut tokens),
            other => return Err(format!("path command {other:?} not handled")),
        }
    }
    flush(&mut number, &mut tokens);
    let (mut out, mut ring): (Vec<Vec<Point>>, Vec<Point>) = (Vec::new(), Vec::new());
    let (mut at, mut start) = ((0.0, 0.0), (0.0, 0.0));
    let (mut command, mut first) = ('m', true);
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        if let Some(c) = t.chars().next().filter(char::is_ascii_alphabetic) {
            i += 1;
            if c == 'z' || c == 'Z' {
                if ring.len() >= 3 {
                    out.push(std::mem::take(&mut ring));
                }
                ring.clear();
                at = start;
            } else {
                command = c;
                first = true;
            }
            continue;
        }
        let x: f64 = t.parse().map_err(|e| format!("{t}: {e}"))?;
        let y: f64 = tokens
            .get(i + 1)
            .ok_or("odd number of coordinates")?
            .parse()
            .map_err(|e| format!("{t}: {e}"))?;
        i += 2;
        let relative = command.is_ascii_lowercase();
        at = if relative {
            (at.0 + x, at.1 + y)
        } else {
            (x, y)
        };
        if first && (command == 'm' || command == 'M') {
            if ring.len() >= 3 {
                out.push(std::mem::take(&mut ring));
            }
            ring.clear();
            start = at;
        }
        first = false;
        ring.push(at);
    }
    if ring.len() >= 3 {
        out.push(ring);
    }
    Ok(out)
}

fn area(ring: &[Point]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[(i + n - 1) % n], ring[i]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Ramer–Douglas–Peucker on an open line (iterative: rings run to
/// thousands of points).
fn simplify(line: &[Point], tolerance: f64) -> Vec<Point> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((from, to)) = stack.pop() {
        let (a, b) = (line[from], line[to]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        let mut farthest = (0.0, from);
        for (k, p) in line.iter().enumerate().take(to).skip(from + 1) {
            let d = if length > 0.0 {
                (dy * (p.0 - a.0) - dx * (p.1 - a.1)).abs() / length
            } else {
                (p.0 - a.0).hypot(p.1 - a.1)
            };
            if d > farthest.0 {
                farthest = (d, k);
            }
        }
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            stack.push((from, farthest.1));
            stack.push((farthest.1, to));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// A tenth, without a leading zero or a trailing `.0` ("-.4", "12.5", "3").
fn tenth(v: f64) -> String {
    let t = (v * 10.0).round() / 10.0;
    let s = format!("{t:.1}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else if let Some(fraction) = s.strip_prefix("0.") {
        format!(".{fraction}")
    } else if let Some(fraction) = s.strip_prefix("-0.") {
        format!("-.{fraction}")
    } else {
        s.to_string()
    }
}

/// Pushes a coordinate pair, with a separator only where a minus sign
/// does not already separate the numbers.
fn pair(out: &mut String, x: f64, y: f64) {
    let (x, y) = (tenth(x), tenth(y));
    if !out.ends_with(['M', 'l']) && !x.starts_with('-') {
        out.push(' ');
    }
    out.push_str(&x);
    if !y.starts_with('-') {
        out.push(' ');
    }
    out.push_str(&y);
}

struct Bounds(f64, f64, f64, f64);

impl Bounds {
    fn new() -> Self {
        Bounds(f64::MAX, f64::MAX, f64::MIN, f64::MIN)
    }
    fn add(&mut self, p: Point) {
        self.0 = self.0.min(p.0);
        self.1 = self.1.min(p.1);
        self.2 = self.2.max(p.0);
        self.3 = self.3.max(p.1);
    }
    /// An SVG `viewBox` with `margin` units around.
    fn view_box(&self, margin: f64) -> String {
        let (x, y) = ((self.0 - margin).floor(), (self.1 - margin).floor());
        let (w, h) = ((self.2 + margin).ceil() - x, (self.3 + margin).ceil() - y);
        format!("{x} {y} {w} {h}")
    }
}

/// The package's JSON → `{viewBox, closeUp, locations: [{id, path}]}`,
/// without the places `leave_out`; `closeUp` frames the places `close_up`
/// (the whole box when none).
pub fn simplified(
    json: &str,
    leave_out: &[&str],
    close_up: &[&str],
) -> Result<String, Box<dyn Error>> {
    let source: Value = serde_json::from_str(json)?;
    let locations = source["locations"]
        .as_array()
        .ok_or("outlines: no locations")?;
    let (mut all, mut close) = (Bounds::new(), Bounds::new());
    let mut out = Vec::new();
    for l in locations {
        let id = l["id"].as_str().ok_or("outlines: a location without id")?;
        if leave_out.contains(&id) {
            continue;
        }
        let path = l["path"]
            .as_str()
            .ok_or("outlines: a location without path")?;
        let rings = rings(path).map_err(|e| format!("outlines {id}: {e}"))?;
        let largest = rings.iter().map(|r| area(r)).fold(0.0_f64, f64::max);
        let mut d = String::new();
        for ring in &rings {
            let a = area(ring);
            if a < ISLET && a < largest {
                continue;
            }
            let mut closed = ring.clone();
            closed.push(ring[0]);
            let mut kept = simplify(&closed, TOLERANCE);
            kept.pop();
            if kept.len() < 3 {
                // A country smaller than the tolerance keeps a few points.
                kept = ring
                    .iter()
                    .step_by((ring.len() / 4).max(1))
                    .copied()
                    .collect();
            }
            let rounded: Vec<Point> = kept
                .iter()
                .map(|p| ((p.0 * 10.0).round() / 10.0, (p.1 * 10.0).round() / 10.0))
                .collect();
            let mut ring_d = String::from("M");
            pair(&mut ring_d, rounded[0].0, rounded[0].1);
            ring_d.push('l');
            let mut at = rounded[0];
            let mut segments = 0;
            for p in &rounded[1..] {
                let (dx, dy) = (p.0 - at.0, p.1 - at.1);
                if dx.abs() < 0.05 && dy.abs() < 0.05 {
                    continue;
                }
                pair(&mut ring_d, dx, dy);
                at = *p;
                segments += 1;
            }
            if segments < 2 {
                // Smaller than a tenth of a unit: nothing to draw.
                continue;
            }
            d.push_str(&ring_d);
            d.push('z');
            for p in &rounded {
                all.add(*p);
                if close_up.contains(&id) {
                    close.add(*p);
                }
            }
        }
        if d.is_empty() {
            // A country smaller than the drawing (Monaco, Tuvalu): a dot
            // where it is, so that it still has its outline and its title.
            let (x, y) = rings
                .first()
                .and_then(|r| r.first())
                .copied()
                .unwrap_or_default();
            d.push('M');
            pair(&mut d, x, y);
            d.push_str("h.3v.3h-.3z");
        }
        out.push(json!({ "id": id, "path": d }));
    }
    let close_up = if close_up.is_empty() {
        all.view_box(2.0)
    } else {
        close.view_box(8.0)
    };
    Ok(json!({
        "viewBox": all.view_box(2.0),
        "closeUp": close_up,
        "locations": out,
    })
    .to_string())
}
