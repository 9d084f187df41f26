"""The evidence ledger: every scored observation of a person's competency, never edited.

`sources` names where an observation came from and how much its mode counts (pure); `store`
is the only code that writes rows, supersedes them and defines which are current.
"""
