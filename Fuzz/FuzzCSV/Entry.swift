import FuzzSupport

/// SwiftPM links an executable's entry point as `FuzzCSV_main`: hand control to libFuzzer.
@_cdecl("FuzzCSV_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzCSV($0, $1) }
}
