"""Products, variants, sizes, media, attributes and translations."""
