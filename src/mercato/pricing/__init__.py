"""Pricelists, prices and price alterations."""
