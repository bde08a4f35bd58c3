import ArgumentParser

/// `--format` of the commands that print either a report for people or the same as JSON.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }
