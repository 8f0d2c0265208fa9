"""Warehouses and allocation rules (stock comes with the stock issue)."""
