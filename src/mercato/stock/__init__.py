"""Physical stock: absolute and relative writes (setStock, changeStock), the stock ledger,
idempotency keys and compare-and-set, and reservations of stock by orders."""
