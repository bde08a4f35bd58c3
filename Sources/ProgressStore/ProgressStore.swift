// ProgressStore: filled in by its issue.
