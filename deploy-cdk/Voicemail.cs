using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// Where voicemail lives: the recordings bucket (the PBX host uploads under <c>voicemail/</c>, the admin API lists them
/// and signs short-lived links), the topic that tells a department a message arrived, and the customer managed KMS key
/// both are encrypted with.
/// </summary>
/// <remarks>
/// A customer managed key rather than S3-managed keys or SNS's AWS managed key: a recording is a caller's voice, and
/// with this key reading one takes <c>kms:Decrypt</c> on a key whose policy the stack owns, on top of <c>s3:GetObject</c>;
/// an account role with broad S3 read (a backup or analytics role, <c>AmazonS3ReadOnlyAccess</c>) cannot play it, and
/// CloudTrail records every use of the key. One key for bucket and topic: the same people read both. An S3 Bucket Key
/// keeps the KMS requests (and their cost) to a few per hour instead of one per object.
/// </remarks>
internal sealed class Voicemail : Construct
{
    /// <summary>Every recording's key starts here (<c>voicemail/&lt;department&gt;/&lt;message-id&gt;.wav</c>); grants name only this prefix.</summary>
    public const string KeyPrefix = "voicemail/";

    public Key Key { get; }
    public Bucket Bucket { get; }
    public Topic Topic { get; }

    public Voicemail(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        var stack = Stack.Of(this);
        Key = new Key(this, "Key", new KeyProps
        {
            Description = $"{stack.StackName}: voicemail recordings (S3) and their notifications (SNS)",
            EnableKeyRotation = true,
            // Kept with the bucket: a recording outliving its key could never be read again.
            RemovalPolicy = RemovalPolicy.RETAIN,
            Policy = KeyPolicy(stack),
        });

        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            Encryption = BucketEncryption.KMS,
            EncryptionKey = Key,
            BucketKeyEnabled = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            // ACLs off: the bucket policy and IAM alone decide, and no object can be made public by an ACL.
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            // Deny every request without TLS, and below TLS 1.2.
            EnforceSSL = true,
            MinimumTLSVersion = 1.2,
            // Each message has its own key and nothing overwrites or deletes one before the retention ends: versions
            // would only keep copies past the retention the operator set.
            Versioned = false,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "VoicemailRetention",
                    Expiration = Duration.Days(settings.VoicemailRetentionDays),
                    // An upload cut off mid-way (host restart) leaves parts that are billed but never seen.
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            // The recordings stay when the stack is deleted (they expire by the rule above); the key stays with them.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        Topic = new Topic(this, "Topic", new TopicProps { DisplayName = $"{stack.StackName} new voicemail", MasterKey = Key });
        // Publishers must use TLS (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit).
        // Written out: CDK 2.160's EnforceSSL adds its deny only when something else creates the topic policy. The one
        // publisher, the PBX host's role, is allowed by its own IAM policy (same account), so the policy needs no Allow.
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PublishThroughTlsOnly",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
            },
        }));
        if (settings.VoicemailEmail is { } email)
        {
            Topic.AddSubscription(new EmailSubscription(email));
        }
    }

    /// <summary>
    /// The key policy: the account (that is, IAM policies in it) may administer the key and use it for the two data
    /// calls the stack's roles make, listed instead of <c>kms:*</c>. "*" is this key
    /// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html). Without the account statement
    /// no IAM grant on the key would count, and CloudFormation could not update the policy again.
    /// </summary>
    private static PolicyDocument KeyPolicy(Stack stack) => new(new PolicyDocumentProps
    {
        Statements =
        [
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AccountAdministersTheKey",
                Principals = [new AccountRootPrincipal()],
                Actions =
                [
                    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
                    "kms:DisableKeyRotation", "kms:EnableKey", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
                    "kms:UpdateKeyDescription", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource",
                ],
                Resources = ["*"],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AccountRolesUseTheKeyThroughS3AndSns",
                Principals = [new AccountRootPrincipal()],
                Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
                Resources = ["*"],
                Conditions = ViaServices(stack, "s3", "sns"),
            }),
        ],
    });

    /// <summary>kms:ViaService for the given services in the stack's region: the key serves S3 and SNS requests only.</summary>
    private static Dictionary<string, object> ViaServices(Stack stack, params string[] services) => new()
    {
        ["StringEquals"] = new Dictionary<string, object>
        {
            ["kms:ViaService"] = services.Select(s => $"{s}.{stack.Region}.amazonaws.com").ToArray(),
        },
    };

    /// <summary>
    /// The admin API: list a department's messages (ListBucket held to the prefix), read their metadata and sign links
    /// (GetObject: the presigned URL acts with this role's rights, so the role must read the object and decrypt it).
    /// </summary>
    public void GrantAdminRead(IGrantable grantee)
    {
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"],
            Resources = [Bucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = KeyPrefix + "*" },
            },
        }));
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(KeyPrefix + "*")],
        }));
        GrantKey(grantee, ["kms:Decrypt"], "s3");
    }

    /// <summary>
    /// The PBX host's uploader: put a recording (a single PutObject: S3 asks KMS for a data key; only a multipart
    /// upload would need Decrypt too) and publish its notification (SNS needs the publisher's kms:GenerateDataKey and
    /// kms:Decrypt on the topic's key, https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
    /// </summary>
    public void GrantPbxUpload(IGrantable grantee)
    {
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(KeyPrefix + "*")],
        }));
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
        }));
        GrantKey(grantee, ["kms:GenerateDataKey"], "s3", "sns");
        GrantKey(grantee, ["kms:Decrypt"], "sns");
    }

    private void GrantKey(IGrantable grantee, string[] actions, params string[] services) =>
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = actions,
            Resources = [Key.KeyArn],
            Conditions = ViaServices(Stack.Of(this), services),
        }));
}
