namespace Monitoring.Contracts.Grains;

/// <summary>
/// For benchmarking only (Ingest:NullGrains, docs/benchmarks.md): a grain per subject that takes a subject-batch and
/// returns at once, storing and detecting nothing, so a run measures what one grain call per subject-batch costs
/// with the same gateway and workload. Key: the subject's id.
/// </summary>
[Alias("monitoring.INullSubjectGrain")]
public interface INullSubjectGrain : IGrainWithStringKey
{
    [Alias("Apply"), AlwaysInterleave]
    Task<ApplyResult> Apply(SubjectBatch batch);
}
