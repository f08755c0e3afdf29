import Foundation
import PointsCore

/// A progress bar on standard error, drawn only when standard error is a terminal (a pipe or
/// a file gets nothing): `[##########....................]  33 %  pass 1/2: guangzhou-hukou-2023.yaml`
/// (a simulation's passes) or `… 33 %  applicants.csv` (rank, allocate), redrawn in place as the
/// population is read, erased at the end.
final class ProgressBar {
    private let totalBytes: Int
    private let enabled: Bool
    /// The last tenth of a percent drawn: the bar is redrawn only when it moves.
    private var shown = -1

    /// A bar for passes over `totalBytes` bytes each.
    init(totalBytes: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.totalBytes = totalBytes
        self.enabled = enabled && totalBytes > 0
    }

    /// Redraws the bar for a simulation's progress.
    func update(_ progress: Simulation.Progress) {
        update(pass: progress.pass, passes: progress.passes, bytes: progress.bytes, label: progress.scheme)
    }

    /// Redraws the bar for one pass over the file (rank, allocate).
    func update(bytes: Int, label: String) {
        update(pass: 1, passes: 1, bytes: bytes, label: label)
    }

    private func update(pass: Int, passes: Int, bytes: Int, label: String) {
        guard enabled else { return }
        let fraction = (Double(pass - 1) + min(1, Double(bytes) / Double(totalBytes))) / Double(max(passes, 1))
        let permille = Int(fraction * 1000)
        guard permille != shown else { return }
        shown = permille
        let width = 30, filled = min(width, Int(fraction * Double(width)))
        let name = label.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? label
        let bar = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3d %%", permille / 10) + (passes > 1 ? "  pass \(pass)/\(passes): " : "  ") + "\(name)\u{1B}[K"
        FileHandle.standardError.write(Data(bar.utf8))
    }

    /// Erases the bar.
    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
