"""The audit log: who changed or took out what, and when.

Features call `record` in the same transaction as the change it describes, so an event is
written exactly when its change is. Admins read the log at /admin/audit/ (people.audit_views).
"""
