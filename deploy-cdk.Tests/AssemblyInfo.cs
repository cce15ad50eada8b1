// The jsii runtime talks to its one Node.js process over a single pipe and is not thread-safe:
// test classes must not synthesize concurrently.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
