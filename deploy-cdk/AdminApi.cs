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

    public AdminApi(Construct scope, string id, DeploySettings settings, DepartmentDirectory directory) : base(scope, id)
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
        });
        directory.GrantReadWrite(Api.Function);
    }
}
