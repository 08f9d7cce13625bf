using System.Globalization;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService: resilience indicators, gaps, stress tests and project rankings (docs/indicators.md).</summary>
public sealed partial class MonitoringGrpcService
{
    public const double MaxStressDays = 3650;
    public const int MaxStressSubjects = 1_000;

    public override async Task<GetIndicatorsResponse> GetIndicators(GetIndicatorsRequest request, ServerCallContext context)
    {
        var commodity = await RequireCommodity(request.Commodity);
        var indicators = await grains.GetGrain<ICommodityGrain>(commodity).GetIndicators();
        return new GetIndicatorsResponse { Indicators = ProtoMapping.ToProto(indicators) };
    }

    public override async Task<GetSourcingResponse> GetSourcing(GetSourcingRequest request, ServerCallContext context)
    {
        var commodity = await RequireCommodity(request.Commodity);
        var country = request.Country.Length == 0 ? metricsOptions.Value.SourcingCountry : request.Country.ToUpperInvariant();
        if (!CountryCodes.IsAssigned(country))
            throw GrpcErrors.InvalidField("country", $"'{request.Country}' is not an ISO 3166-1 alpha-2 country code");
        var sourcing = await grains.GetGrain<ICommodityGrain>(commodity).GetSourcing(country);
        return new GetSourcingResponse { Sourcing = ProtoMapping.ToProto(sourcing) };
    }

    public override async Task<ListGapsResponse> ListGaps(ListGapsRequest request, ServerCallContext context)
    {
        var commodity = await RequireCommodity(request.Commodity);
        var indicators = await grains.GetGrain<ICommodityGrain>(commodity).GetIndicators();
        var response = new ListGapsResponse();
        response.Gaps.AddRange(indicators.Gaps.Take(request.Limit == 0 ? int.MaxValue : (int)Math.Min(request.Limit, int.MaxValue)).Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<RunStressTestResponse> RunStressTest(RunStressTestRequest request, ServerCallContext context)
    {
        if (!double.IsFinite(request.Days) || request.Days <= 0 || request.Days > MaxStressDays)
            throw GrpcErrors.InvalidField("days", $"days must be more than 0 and at most {MaxStressDays} (got {request.Days.ToString(CultureInfo.InvariantCulture)})");
        if (request.NodeIds.Count + request.LaneIds.Count == 0)
            throw GrpcErrors.InvalidArgument("name at least one node (node_ids) or lane (lane_ids) to take down",
                [new("node_ids", "name at least one node or lane to take down"), new("lane_ids", "name at least one node or lane to take down")]);
        if (request.NodeIds.Count + request.LaneIds.Count > MaxStressSubjects)
            throw GrpcErrors.InvalidArgument($"at most {MaxStressSubjects} nodes and lanes in one stress test",
                [new(request.NodeIds.Count > 0 ? "node_ids" : "lane_ids", $"at most {MaxStressSubjects} nodes and lanes in one stress test")]);
        var subjects = await registry.GetAsync();
        var problems = new List<FieldViolation>();
        void Check(IReadOnlyList<string> ids, string field, Contracts.SubjectType type)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (subjects.TypeOf(ids[i]) != type) problems.Add(new($"{field}[{i}]", $"'{ids[i]}' is not a {type.ToString().ToLowerInvariant()} of the topology"));
            }
        }
        Check(request.NodeIds, "node_ids", Contracts.SubjectType.Node);
        Check(request.LaneIds, "lane_ids", Contracts.SubjectType.Lane);
        if (problems.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(GrpcErrors.Listing($"{problems.Count} of the subjects named are not in the topology",
                problems.Select(p => $"{p.Field}: {p.Description}").ToList()), problems);
        }

        var topology = await RequireTopology();
        var nodeIds = request.NodeIds.Distinct(StringComparer.Ordinal).ToList();
        var laneIds = request.LaneIds.Distinct(StringComparer.Ordinal).ToList();
        var touched = topology.Nodes.Where(n => nodeIds.Contains(n.Id)).SelectMany(n => n.Commodities.Select(c => c.Commodity))
            .Concat(topology.Lanes.Where(l => laneIds.Contains(l.Id)).Select(l => l.Commodity))
            .ToHashSet(StringComparer.Ordinal);
        var scenario = new Contracts.StressScenario(nodeIds, laneIds, request.Days);
        var results = await Task.WhenAll(topology.Commodities.Where(c => touched.Contains(c.Code))
            .Select(c => grains.GetGrain<ICommodityGrain>(c.Code).RunStressTest(scenario)));
        var response = new RunStressTestResponse { Days = request.Days };
        response.Commodities.AddRange(results.Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<RankProjectsResponse> RankProjects(RankProjectsRequest request, ServerCallContext context)
    {
        var topology = await RequireTopology();
        IReadOnlyList<Contracts.CandidateProject> candidates = topology.Candidates ?? [];
        if (request.Candidates.Count > CandidateRules.MaxCandidates)
        {
            // Before any work: 300,000 empty candidates cost their parsing and this message, nothing more.
            var message = $"at most {CandidateRules.MaxCandidates} candidates at a time (got {request.Candidates.Count})";
            throw GrpcErrors.InvalidArgument(message, [new FieldViolation("candidates", message)]);
        }
        if (request.Candidates.Count > 0)
        {
            candidates = request.Candidates.Select(c => CandidateRules.Complete(ProtoMapping.ToDomain(c), topology)).ToList();
            var issues = CandidateRules.Validate(candidates, topology);
            if (issues.Count > 0)
            {
                throw GrpcErrors.InvalidArgument(
                    GrpcErrors.Listing($"candidates are invalid ({issues.Count} problem{(issues.Count == 1 ? "" : "s")})", issues.Select(i => i.Format()).ToList()),
                    issues.Select(i => new FieldViolation(i.Path, i.Message)).ToList());
            }
        }
        var appraisals = await Task.WhenAll(candidates.GroupBy(c => c.Commodity).Select(g => grains.GetGrain<ICommodityGrain>(g.Key).AppraiseProjects(g.ToList())));
        var response = new RankProjectsResponse();
        response.Appraisals.AddRange(ProjectAppraiser.Rank(appraisals.SelectMany(a => a)).Select(ProtoMapping.ToProto));
        return response;
    }
}
