"""What a content pack measures: cues a test-wise learner could use, and what forms can reach.

Pure: it reads a validated pack and returns values (docs/content/audit.md).
"""
