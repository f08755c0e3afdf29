#if canImport(Glibc)
import Glibc
#endif

/// Allocator settings for a long-running server.
enum HeapTuning {
    /// glibc hands freed memory back to the kernel as soon as 128 KiB lie free at the top of a
    /// heap. A server that allocates and frees a response's buffers on every call then takes a
    /// page fault for each page of them on the next call (full cards: about a tenth of the
    /// CPU). Keeping up to 64 MiB free per heap costs nothing a busy server would not hold anyway.
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(trimThreshold, 64 << 20)
        #endif
    }
}
