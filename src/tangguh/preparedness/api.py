"""API of the preparedness app: viewsets registered in tangguh/api_urls.py through ROUTES."""

ROUTES: list = []  # (prefix, viewset, basename)
