"""Job-fair screening: events, candidates without accounts, shortlist, adverse impact."""
