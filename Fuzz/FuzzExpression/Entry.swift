import FuzzSupport

/// SwiftPM links an executable's entry point as `FuzzExpression_main`: hand control to libFuzzer.
@_cdecl("FuzzExpression_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzExpression($0, $1) }
}
