using Monitoring.Contracts.Grains;

namespace Monitoring.Grains.Subjects;

/// <summary>Benchmarking only (<see cref="INullSubjectGrain"/>): takes a subject-batch and returns at once.</summary>
public sealed class NullSubjectGrain : Grain, INullSubjectGrain
{
    public Task<ApplyResult> Apply(SubjectBatch batch) => Task.FromResult(new ApplyResult(false, batch.Count, []));
}
