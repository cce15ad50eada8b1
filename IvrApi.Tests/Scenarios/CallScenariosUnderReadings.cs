using IvrApi.Tests.TestSupport;
using IvrEmulators;
using Xunit.Abstractions;

namespace IvrApi.Tests.Scenarios;

// Every scenario of CallScenarioTests again under each other row of the pairwise readings (row 0 is the defaults):
// every two switches meet in each of their four combinations in some run.

[Collection(AwsEnvironmentCollection.Name)]
public sealed class CallScenariosUnderReadings1(ITestOutputHelper output) : CallScenarioTests(output)
{
    protected override DocReadings Readings => DocReadings.Pairwise()[1];
}

[Collection(AwsEnvironmentCollection.Name)]
public sealed class CallScenariosUnderReadings2(ITestOutputHelper output) : CallScenarioTests(output)
{
    protected override DocReadings Readings => DocReadings.Pairwise()[2];
}

[Collection(AwsEnvironmentCollection.Name)]
public sealed class CallScenariosUnderReadings3(ITestOutputHelper output) : CallScenarioTests(output)
{
    protected override DocReadings Readings => DocReadings.Pairwise()[3];
}

[Collection(AwsEnvironmentCollection.Name)]
public sealed class CallScenariosUnderReadings4(ITestOutputHelper output) : CallScenarioTests(output)
{
    protected override DocReadings Readings => DocReadings.Pairwise()[4];
}

[Collection(AwsEnvironmentCollection.Name)]
public sealed class CallScenariosUnderReadings5(ITestOutputHelper output) : CallScenarioTests(output)
{
    protected override DocReadings Readings => DocReadings.Pairwise()[5];
}
