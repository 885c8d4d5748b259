// Records an analysis run (its parameters and headline figures) so reports and the viewer can find it.
CREATE (r:AnalysisRun {
  id: $id, analysis: $analysis, createdAt: datetime($createdAt), params: $params, scope: $scope,
  summary: $summary, outDir: $outDir, version: $version, accounts: $accounts, edges: $edges, communities: $communities,
  complete: false
});
