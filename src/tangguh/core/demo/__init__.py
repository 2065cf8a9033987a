"""Demo accounts and agencies (labelled as demo data), loaded by `tangguh demo`."""
