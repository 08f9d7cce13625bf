using Monitoring.Contracts.Grains;

namespace Monitoring.Grains.Subjects;

/// <summary>Benchmarking only (<see cref="INullSubjectGrain"/>): takes a subject-batch and returns at once.</summary>
// Spread over the silos at random: Orleans' default (resource-optimised, preferring the caller's silo) put every
// subject on the silo of the topology grain that configured them all at once (docs/benchmarks.md, several silos).
[Orleans.Placement.RandomPlacement]
public sealed class NullSubjectGrain : Grain, INullSubjectGrain
{
    public Task<ApplyResult> Apply(SubjectBatch batch) => Task.FromResult(new ApplyResult(false, batch.Count, []));
}
