// DockerfileLint: filled in by its issue.
