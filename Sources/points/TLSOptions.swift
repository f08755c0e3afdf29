import ArgumentParser
import PointsClient

/// `--tls-ca`, `--tls-cert`, `--tls-key`: TLS (and mutual TLS) for `--server HOST:PORT`.
struct TLSOptions: ParsableArguments {
    @Option(name: .customLong("tls-ca"), help: "Connect with TLS, trusting this CA (PEM) for the server's certificate.")
    var ca: String?
    @Option(name: .customLong("tls-cert"), help: "The agency's client certificate (PEM), for a server that knows agencies by theirs.")
    var certificate: String?
    @Option(name: .customLong("tls-key"), help: "The client certificate's private key (PEM).")
    var key: String?

    /// The client's TLS settings, or nil for plaintext.
    var settings: ClientTLS? {
        ca == nil && certificate == nil && key == nil ? nil : ClientTLS(caFile: ca, certificateFile: certificate, keyFile: key)
    }
}
