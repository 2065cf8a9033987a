"""tangguh: risk-informed development planning and resilience monitoring for Indonesian regions."""

__version__ = "0.1.0"
