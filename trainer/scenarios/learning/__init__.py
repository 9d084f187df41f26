"""The matcher learns from managers' reviews: confirmed and rejected answers become examples."""
