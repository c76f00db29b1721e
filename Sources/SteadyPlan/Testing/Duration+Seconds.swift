extension Duration {
    /// The duration in seconds, as test reports and benchmarks give it.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
