"""wirewatch: geopolitical and conflict news -> structured, evidence-linked event data."""
__version__ = "0.1.0"
