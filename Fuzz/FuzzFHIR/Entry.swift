import FuzzSupport

/// SwiftPM links an executable's entry point as `FuzzFHIR_main`: hand control to libFuzzer.
@_cdecl("FuzzFHIR_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzFHIR($0, $1) }
}
