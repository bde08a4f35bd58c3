// ImageAnalysis: filled in by its issue.
