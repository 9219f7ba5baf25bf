// Each guest is a single-CPU emulated machine: on a 2-core runner, guests from different test
// classes running together would only slow each other past their time limits. Tests run one at a
// time; the concurrent-guests test starts its two guests itself.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
