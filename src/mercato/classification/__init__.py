"""Size charts and the classification of products: brands, collections, folders, categories."""
