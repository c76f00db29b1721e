import FuzzSupport

/// SwiftPM links an executable's entry point as `FuzzRuleFile_main`: hand control to libFuzzer.
@_cdecl("FuzzRuleFile_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzRuleFile($0, $1) }
}
