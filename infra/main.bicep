// ItEval on Azure: one Function App (Linux, custom handler) with a managed identity that reaches
// Storage and Key Vault through data-plane RBAC roles. No storage account keys are used anywhere.
targetScope = 'resourceGroup'

@description('Short name used in every resource name, e.g. "iteval".')
@minLength(3)
@maxLength(11)
param appName string = 'iteval'

@description('Azure region. Vietnamese agencies usually choose Southeast Asia (Singapore).')
param location string = resourceGroup().location

@description('App Service plan SKU. A dedicated Linux plan keeps the app warm for the minute timer sweep and needs no storage keys for a content share.')
@allowed([ 'B1', 'B2', 'P0v3', 'P1v3' ])
param planSku string = 'B1'

@description('SendGrid event-webhook verification key (base64, public): lets the app flag bounced addresses.')
param sendGridWebhookPublicKey string = ''

@description('Where units reach the app (used in emailed links), e.g. https://iteval.example.gov.vn. Empty: the Function App address.')
param publicBaseUrl string = ''

@description('Time zone of cycles unless a cycle says otherwise.')
param defaultTimeZone string = 'Asia/Ho_Chi_Minh'

var suffix = uniqueString(resourceGroup().id, appName)
var storageName = toLower(take('${appName}${suffix}', 24))

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

// Only while a rotation is in progress: old links keep working until the date above.
var linkRotationSettings = empty(previousLinkKeyValidUntil) ? [] : [
  { name: 'Links__PreviousSigningKey', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=Links--PreviousSigningKey)' }
  { name: 'Links__PreviousKeyValidUntil', value: previousLinkKeyValidUntil }
]

// Settings the app reads from Key Vault: the operator stores these secrets after deployment.
var secretSettings = {
  SendGrid__ApiKey: 'SendGrid--ApiKey'
  Links__SigningKey: 'Links--SigningKey'
  Forms__SigningKey: 'Forms--SigningKey'
}

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
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat([
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Cycles__TimeZone', value: defaultTimeZone }
        { name: 'SendGrid__WebhookPublicKey', value: sendGridWebhookPublicKey }
        { name: 'Links__BaseUrl', value: empty(publicBaseUrl) ? 'https://${appName}-func-${suffix}.azurewebsites.net' : publicBaseUrl }
      ], linkRotationSettings, map(items(secretSettings), s => {
        name: s.key
        value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${s.value})'
      }))
    }
  }
}

// Built-in role ids (data plane only).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
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
output functionAppUrl string = 'https://${app.properties.defaultHostName}'
output storageAccountName string = storage.name
output keyVaultName string = vault.name
