using Amazon.CDK.AWS.IAM;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// The route admin API as its own Lambda function: the same IvrApi package started in admin mode (no /sma, /lex-hook
/// or /events), with its own role, the only one that may write the tables, behind its own AWS_IAM Function URL. The
/// call-path function, which parses untrusted telephony events, can then only read routes.
/// </summary>
internal sealed class AdminApi : Construct
{
    public IvrApiFunction Api { get; }

    /// <summary>
    /// What an administrator needs, and only through the Function URL: a Function URL with AWS_IAM auth requires both
    /// lambda:InvokeFunctionUrl and lambda:InvokeFunction (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
    /// InvokeFunction holds only with lambda:InvokedViaFunctionUrl, so an admin cannot invoke the function directly with
    /// a forged, Function-URL-shaped request context (whose IAM principal IvrApi audits).
    /// </summary>
    public ManagedPolicy AccessPolicy { get; }

    public AdminApi(Construct scope, string id, DeploySettings settings, DepartmentDirectory directory, AgentSecrets agentSecrets, Voicemail voicemail) : base(scope, id)
    {
        Api = new IvrApiFunction(this, "Function", settings, name: "IvrApiAdmin");
        Api.AddSettings(new Dictionary<string, string>
        {
            ["Admin__Enabled"] = "true",
            // The Web Adapter passes the Function URL's request context: the IAM principal is required and audited.
            ["Admin__Access"] = "FunctionUrlIam",
            ["CallPath__Enabled"] = "false",
            // No calls here: nothing to preload, and no bot alias to name.
            ["Lex__PreloadSession"] = "false",
            ["Directory__Provider"] = "DynamoDb",
            ["Directory__TableName"] = directory.DepartmentTable.TableName,
            ["Directory__RulesTableName"] = directory.RulesTable.TableName,
            ["Directory__AgentsTable"] = directory.AgentsTable.TableName,
            ["Agents__SecretStore"] = "SecretsManager",
            ["Agents__SecretPrefix"] = agentSecrets.Prefix,
            ["Voicemail__Bucket"] = voicemail.Bucket.BucketName,
        });
        directory.GrantReadWrite(Api.Function);
        // Agents, their passwords and the voicemail links are the admin API's alone; the call path gets none of them.
        directory.GrantAgentsReadWrite(Api.Function);
        agentSecrets.GrantManage(Api.Function);
        voicemail.GrantAdminRead(Api.Function);

        AccessPolicy = new ManagedPolicy(this, "AccessPolicy", new ManagedPolicyProps
        {
            Description = "Route admin API of the IVR call router: invoke its Function URL (AWS_IAM), nothing else",
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["lambda:InvokeFunctionUrl"],
                    Resources = [Api.Alias.FunctionArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["lambda:FunctionUrlAuthType"] = "AWS_IAM" },
                    },
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["lambda:InvokeFunction"],
                    Resources = [Api.Alias.FunctionArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["Bool"] = new Dictionary<string, object> { ["lambda:InvokedViaFunctionUrl"] = "true" },
                    },
                }),
            ],
        });
    }
}
