//! What `deploy/` holds, tried here. The systemd unit passes
//! `systemd-analyze verify` with the real binary in its place. The nginx
//! site (`deploy/nginx/voces.conf`), as written but
//! for its ports, certificate and paths, run by Debian's nginx in front of a
//! server: it passes `nginx -t`, redirects HTTP to HTTPS, proxies pages
//! with HSTS, serves the built files itself (precompressed, revalidated
//! by ETag), and passes Host so that a form sent through it is not taken for
//! a cross-site one.
use crate::support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    crate::shutdown::free_port()
}

fn nginx() -> &'static str {
    if std::path::Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    }
}

/// nginx stopped when the test ends, whatever happens.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The site's configuration with this test's ports, certificate, site
/// directory and upstream; everything else as deployed.
fn configure(dir: &std::path::Path, upstreams: &[&str], http: u16, https: u16) -> String {
    let deployed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/nginx/voces.conf"
    ))
    .expect("deploy/nginx/voces.conf");
    let d = dir.display();
    let replaced = [
        (
            "    server 127.0.0.1:3000 max_fails=1 fail_timeout=5s;\n",
            upstreams
                .iter()
                .map(|u| format!("    server {u} max_fails=1 fail_timeout=5s;\n"))
                .collect(),
        ),
        (
            "    listen 80;\n",
            format!("    listen 127.0.0.1:{http};\n"),
        ),
        ("    listen [::]:80;\n", String::new()),
        (
            "    listen 443 ssl http2;\n",
            format!("    listen 127.0.0.1:{https} ssl http2;\n"),
        ),
        ("    listen [::]:443 ssl http2;\n", String::new()),
        (
            "/etc/letsencrypt/live/voces.example.org/fullchain.pem",
            format!("{d}/cert.pem"),
        ),
        (
            "/etc/letsencrypt/live/voces.example.org/privkey.pem",
            format!("{d}/key.pem"),
        ),
        ("root /opt/voces/site;", format!("root {d}/site;")),
    ];
    let mut conf = deployed;
    for (from, to) in replaced {
        assert!(
            conf.contains(from),
            "deploy/nginx/voces.conf has no {from:?}"
        );
        conf = conf.replace(from, &to);
    }
    conf
}

/// The deployed site under Debian's nginx, in front of `upstreams`, on
/// ports of its own, with a certificate of its own for its name; stopped
/// when dropped.
pub struct Proxy {
    _nginx: Nginx,
    pub http: u16,
    pub https: u16,
    _dir: tempfile::TempDir,
}

/// The site's name in the certificate and in requests.
pub const HOST: &str = "voces.example.org";

impl Proxy {
    pub async fn start(upstreams: &[&str]) -> Proxy {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let made = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=voces.example.org"])
            .args(["-addext", "subjectAltName=DNS:voces.example.org"])
            .arg("-keyout")
            .arg(d.join("key.pem"))
            .arg("-out")
            .arg(d.join("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl");
        assert!(made.success());
        // A built file and its precompressed twin, as `make release` leaves them.
        std::fs::create_dir_all(d.join("site/pkg")).unwrap();
        std::fs::write(d.join("site/pkg/voces.css"), "body{color:#1d2327}").unwrap();
        let gz = Command::new("gzip")
            .args(["-9", "-k"])
            .arg(d.join("site/pkg/voces.css"))
            .status()
            .unwrap();
        assert!(gz.success());

        let (http, https) = (free_port(), free_port());
        std::fs::write(d.join("voces.conf"), configure(d, upstreams, http, https)).unwrap();
        for sub in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        std::fs::write(
            d.join("nginx.conf"),
            format!(
                "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
                 events {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
                 client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
                 fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n\
                 scgi_temp_path {d}/scgi;\n  include {d}/voces.conf;\n}}\n",
                d = d.display()
            ),
        )
        .unwrap();
        let conf = d.join("nginx.conf");
        let checked = Command::new(nginx())
            .arg("-t")
            .arg("-p")
            .arg(d)
            .arg("-c")
            .arg(&conf)
            .output()
            .expect("nginx (make tool-nginx)");
        assert!(
            checked.status.success(),
            "nginx -t: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        let nginx = Nginx(
            Command::new(nginx())
                .arg("-p")
                .arg(d)
                .arg("-c")
                .arg(&conf)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("nginx starts"),
        );
        let until = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", https)).is_err() {
            assert!(Instant::now() < until, "nginx did not listen");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Proxy {
            _nginx: nginx,
            http,
            https,
            _dir: dir,
        }
    }

    /// The site's address through the proxy.
    pub fn site(&self) -> String {
        format!("https://{HOST}:{}", self.https)
    }

    /// A client that reaches the site's name here and takes its
    /// certificate.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .resolve(HOST, ([127, 0, 0, 1], self.https).into())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deployed_nginx_site_serves_the_site_over_tls() {
    let _one = crate::ONE_AT_A_TIME.lock().await;
    let t = support::sqlite().await;
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let upstream = base.trim_start_matches("http://").to_string();
    let proxy = Proxy::start(&[&upstream]).await;
    let (http, https) = (proxy.http, proxy.https);

    let host = HOST;
    let c = proxy.client();
    let site = proxy.site();
    assert_eq!(site, format!("https://{host}:{https}"));

    // Plain HTTP goes to HTTPS.
    let r = c
        .get(format!("http://127.0.0.1:{http}/bodies"))
        .header("host", host)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(r.headers()["location"], format!("https://{host}/bodies"));

    // A page through the proxy, with HSTS and the server's own headers.
    let r = c
        .get(format!("{site}/bodies/consejo-tijuana"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("strict-transport-security"));
    assert!(r.headers().contains_key("x-request-id"));
    assert!(r.text().await.unwrap().contains("Tijuana"));

    // The built files from nginx itself: precompressed, revalidated on
    // each use (their names do not change between releases).
    let css = format!("{site}/pkg/voces.css");
    let r = c
        .get(&css)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["cache-control"], "public, no-cache");
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let r = c
        .get(&css)
        .header("accept-encoding", "gzip")
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    // A form sent through the proxy from its own page is not cross-site
    // (Host reaches the server with its port); one from elsewhere is.
    let form = [
        ("email", "nadie@example.org"),
        ("password", "not the password"),
    ];
    let r = c
        .post(format!("{site}/login"))
        .header("origin", site.clone())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_ne!(
        r.status(),
        403,
        "a same-site form refused through the proxy"
    );
    let r = c
        .post(format!("{site}/login"))
        .header("origin", "https://elsewhere.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

/// The unit as deployed, its binary the one this build made.
#[test]
fn the_systemd_unit_verifies() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/systemd/voces.service"
    ))
    .expect("deploy/systemd/voces.service");
    assert!(unit.contains("ExecStart=/opt/voces/server serve"));
    let unit = unit.replace(
        "ExecStart=/opt/voces/server serve",
        &format!("ExecStart={} serve", env!("CARGO_BIN_EXE_server")),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voces.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (Debian's systemd)");
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}
