"""Forms that change something count once, however often or how fast they are sent."""
