/// The words of one card, rendered from an evaluation's trace as UTF-8 bytes: each line's
/// explanation and the facts it read, each gate's reason, each service's tier reason, the
/// warnings. `Scheme.card` turns them into strings; the protocol copies the bytes straight
/// into a response. Valid until the next rendering into the same value.
public final class CardText {
    /// A span of both languages.
    public struct Words: Sendable {
        /// Where the Chinese is, in `zh`.
        public let zh: Range<Int>
        /// Where the English is, in `en`.
        public let en: Range<Int>
    }

    /// A fact a line read, as the card shows it.
    public struct FactUse: Sendable {
        /// The fact's index in the line's `Scheme.lineFacts`.
        public let fact: Int
        /// Its value as text, in `en` (values are not translated).
        public let value: Range<Int>
        /// Whether the scheme's default stood in for an absent fact.
        public let defaulted: Bool
    }

    /// A gate's outcome as its trace tells it, and its reason.
    public struct GateWords: Sendable {
        /// Whether the gate holds (an exempt gate holds).
        public let passed: Bool
        /// Whether it waits on a parameter not on record (then `passed` is false).
        public var open = false
        /// Whether an exemption let the applicant through.
        public let exempt: Bool
        /// Why (empty for a gate a summary does not word).
        public let reason: Words
    }

    /// A settlement channel's outcome and why (a fact not stated is named).
    public struct ChannelWords: Sendable {
        /// Whether the channel holds.
        public let holds: Bool
        /// Whether it waits on a parameter not on record (then `holds` is false).
        public let open: Bool
        /// Why it holds or does not.
        public let reason: Words
    }

    /// A service's tier (an index of its tiers, nil for none) and why.
    public struct TierWords: Sendable {
        /// The tier's index in the service's tiers, nil for none (or while one waits).
        public let tier: Int?
        /// Whether a tier waits on a parameter not on record and none above it holds.
        public var open = false
        /// Why it holds, and why each higher tier does not.
        public let reason: Words
        /// The tier just above (the lowest, with none) and why it does not hold: what the next
        /// step needs. Nil in the highest tier.
        public let next: (tier: Int, words: Words)?
    }

    /// The Chinese and the English bytes, at a fixed address for the renderer's sinks, and
    /// the output's storage.
    private let storage: UnsafeMutablePointer<TextBytes>
    /// Chinese bytes.
    public var zh: TextBytes { storage[0] }
    /// English bytes (and fact values).
    public var en: TextBytes { storage[1] }
    /// Storage that whoever writes these words out (a response) reuses from card to card, so
    /// that a big card does not allocate a buffer each time; nothing of the card is in it.
    public var output: TextBytes {
        get { storage[2] }
        set { storage[2] = newValue }
    }
    /// Where a renderer writes each language.
    var zhSink: TextSink { TextSink(target: storage) }
    var enSink: TextSink { TextSink(target: storage + 1) }
    /// Phrases a renderer keeps for the phrase that quotes them (kept for its storage).
    var stack: [CardRenderer.Part] = []
    /// Each line's explanation (an explained card only).
    public internal(set) var lines: [Words] = []
    /// The facts lines read, line after line.
    public internal(set) var uses: [FactUse] = []
    /// Where each line's facts end in `uses`.
    public internal(set) var useEnds: [Int] = []
    /// Each gate's outcome and reason (a summary words only failing ones).
    public internal(set) var gates: [GateWords] = []
    /// Each settlement channel's outcome and reason.
    public internal(set) var channels: [ChannelWords] = []
    /// Each service's tier and reason.
    public internal(set) var tiers: [TierWords] = []
    /// Each warning.
    public internal(set) var warnings: [Words] = []
    /// The parameters not on record that leave a gate, a channel or a tier open (positions in
    /// the scheme's parameters, first wait first).
    public internal(set) var openParameters: [Int] = []

    /// Empty words, to render into (the text's storage is allocated at the first words).
    public init() {
        storage = .allocate(capacity: 3)
        storage.initialize(repeating: TextBytes(), count: 3)
    }

    deinit {
        storage[0].free()
        storage[1].free()
        storage[2].free()
        storage.deallocate()
    }

    /// Forgets the last card, keeping the storage.
    func removeAll() {
        storage[0].removeAll()
        storage[1].removeAll()
        lines.removeAll(keepingCapacity: true)
        uses.removeAll(keepingCapacity: true)
        useEnds.removeAll(keepingCapacity: true)
        gates.removeAll(keepingCapacity: true)
        channels.removeAll(keepingCapacity: true)
        tiers.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
        openParameters.removeAll(keepingCapacity: true)
    }

    /// The uses of line `line`.
    public func uses(ofLine line: Int) -> ArraySlice<FactUse> {
        uses[(line == 0 ? 0 : useEnds[line - 1])..<useEnds[line]]
    }

    /// The words as strings.
    public func bilingual(_ words: Words) -> Bilingual {
        Bilingual(zh: zh.string(words.zh), en: en.string(words.en))
    }
}
