import FuzzSupport

/// SwiftPM links an executable's entry point as `FuzzState_main`: hand control to libFuzzer.
@_cdecl("FuzzState_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzState($0, $1) }
}
