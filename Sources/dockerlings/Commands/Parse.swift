import ArgumentParser
struct Parse: AsyncParsableCommand {}
