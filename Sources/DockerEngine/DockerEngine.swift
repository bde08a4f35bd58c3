// DockerEngine: filled in by its issue.
