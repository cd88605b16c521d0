// Second step of a custom domain: bind the issued managed certificate to the host name by SNI.
@description('The Function App.')
param siteName string

@description('The custom domain already bound to the app.')
param hostName string

@description('Thumbprint of the App Service managed certificate issued for the domain.')
param thumbprint string

resource site 'Microsoft.Web/sites@2023-12-01' existing = {
  name: siteName
}

resource binding 'Microsoft.Web/sites/hostNameBindings@2023-12-01' = {
  parent: site
  name: hostName
  properties: {
    siteName: siteName
    hostNameType: 'Verified'
    customHostNameDnsRecordType: 'CName'
    sslState: 'SniEnabled'
    thumbprint: thumbprint
  }
}
