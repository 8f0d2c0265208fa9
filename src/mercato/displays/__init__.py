"""Displays (how a product is shown per store and market) and bundles."""
