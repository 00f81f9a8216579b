"""HTTP layer (FastAPI). Routes stay thin: parse, call the library packages, shape the response."""
