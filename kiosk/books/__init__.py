"""The service's books: tally, closing and Z report, exports, the impact report."""
