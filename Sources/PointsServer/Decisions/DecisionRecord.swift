import Foundation
import PointsCore
import PointsProtocol

/// One answer to record: who asked, what was decided, under which exact scheme.
///
/// Holds no personal identifier: the applicant reference is kept only as a keyed hash.
public struct DecisionRecord: Sendable {
    /// The id the log gave it (0 before it is stored).
    public var id: Int64 = 0
    /// When it was answered, milliseconds since 1970 (UTC).
    public var timeMs: Int64
    /// The calling agency.
    public var agency: String
    /// The method.
    public var method: String
    /// HMAC-SHA256 of the applicant reference under the server's key, or nil.
    public var applicantHash: String?
    /// The scheme that decided.
    public var schemeID: String
    /// Its version.
    public var schemeVersion: String
    /// The SHA-256 of its file.
    public var contentHash: String
    /// The evaluation date.
    public var asOf: String
    /// The total (Score), school points (EnrolmentTier) or score (AllocateSeats).
    public var total: String?
    /// Whether every gate held (Score).
    public var qualified: Bool?
    /// `service=tier` pairs (the school placed in, for AllocateSeats).
    public var tiers: [(service: String, tier: String)]

    /// A record as a log stores it (`id` 0 until the log gives it one).
    public init(id: Int64 = 0, timeMs: Int64, agency: String, method: String, applicantHash: String?, schemeID: String, schemeVersion: String,
                contentHash: String, asOf: String, total: String?, qualified: Bool?, tiers: [(service: String, tier: String)]) {
        self.id = id
        self.timeMs = timeMs
        self.agency = agency
        self.method = method
        self.applicantHash = applicantHash
        self.schemeID = schemeID
        self.schemeVersion = schemeVersion
        self.contentHash = contentHash
        self.asOf = asOf
        self.total = total
        self.qualified = qualified
        self.tiers = tiers
    }

    /// The record on the wire.
    public var proto: Points_V1_Decision {
        var out = Points_V1_Decision()
        out.id = UInt64(id)
        out.time = Self.timeText(timeMs)
        out.agency = agency
        out.method = method
        if let applicantHash { out.applicantHash = applicantHash }
        out.schemeID = schemeID
        out.schemeVersion = schemeVersion
        out.contentHash = contentHash
        out.asOf = asOf
        if let total { out.total = total }
        if let qualified { out.qualified = qualified }
        out.tiers = tiers.map { tier in
            var t = Points_V1_DecisionTier()
            t.service = tier.service
            t.tier = tier.tier
            return t
        }
        return out
    }

    /// RFC 3339 UTC with milliseconds.
    static func timeText(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}

/// Turns applicant references into keyed hashes.
public struct ApplicantHasher: Sendable {
    private let key: [UInt8]

    /// A hasher under the server's secret key.
    public init(key: String) {
        self.key = Array(key.utf8)
    }

    /// A key of 32 random bytes (hex), for a run without a configured `decision_key`.
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The hash of a reference, or nil for none.
    public func hash(_ reference: String) -> String? {
        reference.isEmpty ? nil : Digests.hmacSHA256Hex(key: key, message: Array(reference.utf8))
    }
}
