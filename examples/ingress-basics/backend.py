#!/usr/bin/env python3
"""Stands in for the sample apps of FSM's "Ingress Controller - Basics" demo on loopback.

backend.py PORT             the httpbin app (addozhang/httpbin, HTTP port): / is a small HTML page,
                            /hi answers "Hi, there!", /api/private answers 401 "Staff only"
backend.py PORT --pod NAME  one replica of the two-replica app of the load-balancing and session
                            demos: every request answers "Response from pod NAME"
"""
import os
import sys
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from sample_app import SampleAppHandler  # noqa: E402


class Handler(SampleAppHandler):
    POD = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--pod" else None


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
