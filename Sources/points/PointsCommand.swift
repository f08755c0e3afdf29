import ArgumentParser

/// The operator and agency command line: score, validate, list schemes, rank.
@main
struct PointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "Score residents' facts under residence-points schemes.",
        subcommands: [ScoreCommand.self, TierCommand.self, ValidateCommand.self, SchemesCommand.self, DiffCommand.self, SimulateCommand.self, CasesCommand.self, RankCommand.self, AllocateCommand.self, AuditCommand.self,
                      HealthCommand.self, ReloadCommand.self]
    )
}
