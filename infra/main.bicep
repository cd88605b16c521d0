// ItEval on Azure: one Function App (Linux, .NET isolated worker with Durable Functions) with a managed identity that reaches
// Storage and Key Vault through data-plane RBAC roles. No storage account keys are used anywhere.
targetScope = 'resourceGroup'

@description('Short name used in every resource name, e.g. "iteval".')
@minLength(3)
@maxLength(11)
param appName string = 'iteval'

@description('Azure region. Vietnamese agencies usually choose Southeast Asia (Singapore).')
param location string = resourceGroup().location

@description('App Service plan SKU. A dedicated Linux plan keeps the app warm for the orchestration timers and needs no storage keys for a content share.')
@allowed([ 'B1', 'B2', 'P0v3', 'P1v3' ])
param planSku string = 'B1'

@description('Where units reach the app (used in emailed links) when a front end other than the custom domain serves it, e.g. https://iteval.example.gov.vn. Empty: the custom domain, else the Function App address.')
param publicBaseUrl string = ''

@description('Time zone of cycles unless a cycle says otherwise.')
param defaultTimeZone string = 'Asia/Ho_Chi_Minh'

var suffix = uniqueString(resourceGroup().id, appName)
// Storage account names allow lowercase letters and digits only: hyphens in appName are dropped here.
var storageName = toLower('${replace(appName, '-', '')}${suffix}')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Uploaded forms and evidence are evidence of record: keep deleted blobs recoverable.
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
    // Versioning as a second guard: the app writes every upload create-only, and a version survives even an operator's overwrite.
    isVersioningEnabled: true
    // No CORS: browsers never talk to storage; the app receives uploads and writes them (docs/unit-page.md).
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: false
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${appName}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: planSku }
  properties: { reserved: true }
}

@description('During a rotation of the unit-link signing key: until when (ISO 8601, e.g. 2027-01-31T00:00:00+07:00) links signed with the previous key still open. The previous key goes in Key Vault as Links--PreviousSigningKey. Empty: no rotation in progress.')
param previousLinkKeyValidUntil string = ''

@description('Prefix of every table, container and queue the app creates in the storage account (2-20 lowercase letters or digits).')
@minLength(2)
@maxLength(20)
param storagePrefix string = 'iteval'

@description('Sender address of every email (a domain verified in SendGrid), e.g. khongtraloi@stttt.example.gov.vn.')
param sendGridFromEmail string

@description('Sender name shown in mailboxes.')
param sendGridFromName string = 'Đánh giá ứng dụng CNTT'

@description('User name of the first console admin; the app creates it while no account exists, with the one-time password stored in Key Vault as Accounts--FirstAdminPassword.')
param firstAdminUserName string = 'admin'

@description('Optional custom domain, e.g. danhgia.stttt.example.gov.vn: deploy once without it, create the CNAME to the app and the TXT record asuid.<domain> with the output customDomainVerificationId, then deploy again with it. Empty: the azurewebsites.net address.')
param customDomain string = ''

@description('Optional object id of the person or group who stores the secrets: gets Key Vault Secrets Officer on the vault.')
param operatorPrincipalId string = ''

var defaultHostName = '${appName}-func-${suffix}.azurewebsites.net'
var baseUrl = !empty(publicBaseUrl) ? publicBaseUrl : !empty(customDomain) ? 'https://${customDomain}' : 'https://${defaultHostName}'

// App settings, grouped by where their values come from. A test (tests/ItEval.Tests/Infra) reads every
// object variable whose name ends in "Settings", the Key Vault secrets below and the runtime values set in
// the site, and compares them with the settings the app reads (functions/Hosting/SettingsCatalogue.cs).
var platformSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  WEBSITE_RUN_FROM_PACKAGE: '1'
  // The package is built already (./publish.sh); az's zip deploy sets this too, so a redeploy of the
  // template does not flip it and restart the app.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

var deploymentSettings = {
  // Identity-based storage for the app and the Functions host's own bindings (no account keys).
  AzureWebJobsStorage__accountName: storage.name
  Storage__Prefix: storagePrefix
  // The Durable task hub (host.json names it %Durable__TaskHub%): the name the standalone host derives too.
  Durable__TaskHub: '${storagePrefix}hub'
  Links__BaseUrl: baseUrl
  Cycles__TimeZone: defaultTimeZone
  SendGrid__FromEmail: sendGridFromEmail
  SendGrid__FromName: sendGridFromName
  Accounts__FirstAdminUserName: firstAdminUserName
}

// Setting → Key Vault secret name. The operator stores these secrets after the first deployment.
var keyVaultSecrets = {
  SendGrid__ApiKey: 'SendGrid--ApiKey'
  SendGrid__WebhookPublicKey: 'SendGrid--WebhookPublicKey'
  Links__SigningKey: 'Links--SigningKey'
  Forms__SigningKey: 'Forms--SigningKey'
  Accounts__FirstAdminPassword: 'Accounts--FirstAdminPassword'
}

var keyVaultSettings = toObject(items(keyVaultSecrets), s => s.key, s => '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${s.value})')

// Only while a rotation is in progress: old links keep working until the date above.
var linkRotationSettings = {
  Links__PreviousSigningKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=Links--PreviousSigningKey)'
  Links__PreviousKeyValidUntil: previousLinkKeyValidUntil
}

var appSettings = union(platformSettings, deploymentSettings, keyVaultSettings, empty(previousLinkKeyValidUntil) ? {} : linkRotationSettings)
var appSettingList = [for setting in items(appSettings): { name: setting.key, value: setting.value }]

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${appName}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      alwaysOn: true
      // The isolated worker on .NET 10 (the app ships self-contained; worker.config.json names its binary).
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/api/health'
      // The Application Insights connection string is known only once it exists, so it is added here.
      appSettings: concat(appSettingList, [ { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString } ])
    }
  }
}

resource domainBinding 'Microsoft.Web/sites/hostNameBindings@2023-12-01' = if (!empty(customDomain)) {
  parent: app
  name: customDomain
  properties: {
    siteName: app.name
    hostNameType: 'Verified'
    customHostNameDnsRecordType: 'CName'
    sslState: 'Disabled'
  }
}

// A free App Service managed certificate for the custom domain, bound by SNI in a second step (a module,
// because the binding must exist before the certificate can be issued).
resource certificate 'Microsoft.Web/certificates@2023-12-01' = if (!empty(customDomain)) {
  name: '${appName}-cert-${suffix}'
  location: location
  properties: {
    serverFarmId: plan.id
    canonicalName: customDomain
  }
  dependsOn: [ domainBinding ]
}

module sniBinding 'modules/sni-binding.bicep' = if (!empty(customDomain)) {
  name: 'sni-binding'
  params: {
    siteName: app.name
    hostName: customDomain
    thumbprint: certificate.?properties.thumbprint ?? ''
  }
}

// Built-in role ids (data plane only).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [ roles.blobDataOwner, roles.queueDataContributor, roles.tableDataContributor ]: {
  name: guid(storage.id, app.id, role)
  scope: storage
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource operatorVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

output functionAppName string = app.name
output functionAppUrl string = baseUrl
output defaultHostName string = app.properties.defaultHostName
output customDomainVerificationId string = app.properties.customDomainVerificationId
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output applicationInsightsName string = insights.name
output logAnalyticsWorkspaceName string = logs.name
