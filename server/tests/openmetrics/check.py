"""Reads /metrics (on stdin) with Prometheus' own OpenMetrics parser
(PyPI prometheus-client): every family parses, the counters and
histograms are whole, and the families Voces documents are there."""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

WANTED = {
    "voces_http_requests": "counter",
    "voces_http_request_duration_seconds": "histogram",
    "voces_figures_cache_hits": "counter",
    "voces_figures_computed": "counter",
    "voces_figures_restored": "counter",
    "voces_figures_compute_duration_seconds": "histogram",
    "voces_db_pool_connections": "gauge",
    "voces_outbox_unsent": "gauge",
    "voces_outbox_oldest_unsent_seconds": "gauge",
    "voces_process_resident_memory_bytes": "gauge",
}

families = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
for name, kind in WANTED.items():
    f = families.get(name)
    if f is None:
        sys.exit(f"{name} is missing (have {sorted(families)})")
    if f.type != kind:
        sys.exit(f"{name} is a {f.type}, not a {kind}")
print(f"{len(families)} families read")
