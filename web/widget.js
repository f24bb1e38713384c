/*! Lung cancer information chat widget. Built by web/build.py from web/src/: do not edit by hand.
 *  Includes the Socket.IO client (MIT licence, web/vendor/socket.io.LICENSE). */
(function () {
var io = (function () {
  var module = { exports: {} }, exports = module.exports, define;
/*!
 * Socket.IO v4.8.4
 * (c) 2014-2026 Guillermo Rauch
 * Released under the MIT License.
 */
!function(t,n){"object"==typeof exports&&"undefined"!=typeof module?module.exports=n():"function"==typeof define&&define.amd?define(n):(t="undefined"!=typeof globalThis?globalThis:t||self).io=n()}(this,(function(){"use strict";function t(t,n){(null==n||n>t.length)&&(n=t.length);for(var i=0,r=Array(n);i<n;i++)r[i]=t[i];return r}function n(t,n){for(var i=0;i<n.length;i++){var r=n[i];r.enumerable=r.enumerable||!1,r.configurable=!0,"value"in r&&(r.writable=!0),Object.defineProperty(t,c(r.key),r)}}function i(t,i,r){return i&&n(t.prototype,i),r&&n(t,r),Object.defineProperty(t,"prototype",{writable:!1}),t}function r(t,n){var i="undefined"!=typeof Symbol&&t[Symbol.iterator]||t["@@iterator"];if(!i){if(Array.isArray(t)||(i=v(t))||n&&t&&"number"==typeof t.length){i&&(t=i);var r=0,e=function(){};return{s:e,n:function(){return r>=t.length?{done:!0}:{done:!1,value:t[r++]}},e:function(t){throw t},f:e}}throw new TypeError("Invalid attempt to iterate non-iterable instance.\nIn order to be iterable, non-array objects must have a [Symbol.iterator]() method.")}var o,s=!0,u=!1;return{s:function(){i=i.call(t)},n:function(){var t=i.next();return s=t.done,t},e:function(t){u=!0,o=t},f:function(){try{s||null==i.return||i.return()}finally{if(u)throw o}}}}function e(){return e=Object.assign?Object.assign.bind():function(t){for(var n=1;n<arguments.length;n++){var i=arguments[n];for(var r in i)({}).hasOwnProperty.call(i,r)&&(t[r]=i[r])}return t},e.apply(null,arguments)}function o(t){return o=Object.setPrototypeOf?Object.getPrototypeOf.bind():function(t){return t.__proto__||Object.getPrototypeOf(t)},o(t)}function s(t,n){t.prototype=Object.create(n.prototype),t.prototype.constructor=t,h(t,n)}function u(){try{var t=!Boolean.prototype.valueOf.call(Reflect.construct(Boolean,[],(function(){})))}catch(t){}return(u=function(){return!!t})()}function h(t,n){return h=Object.setPrototypeOf?Object.setPrototypeOf.bind():function(t,n){return t.__proto__=n,t},h(t,n)}function f(n){return function(n){if(Array.isArray(n))return t(n)}(n)||function(t){if("undefined"!=typeof Symbol&&null!=t[Symbol.iterator]||null!=t["@@iterator"])return Array.from(t)}(n)||v(n)||function(){throw new TypeError("Invalid attempt to spread non-iterable instance.\nIn order to be iterable, non-array objects must have a [Symbol.iterator]() method.")}()}function c(t){var n=function(t,n){if("object"!=typeof t||!t)return t;var i=t[Symbol.toPrimitive];if(void 0!==i){var r=i.call(t,n||"default");if("object"!=typeof r)return r;throw new TypeError("@@toPrimitive must return a primitive value.")}return("string"===n?String:Number)(t)}(t,"string");return"symbol"==typeof n?n:n+""}function a(t){return a="function"==typeof Symbol&&"symbol"==typeof Symbol.iterator?function(t){return typeof t}:function(t){return t&&"function"==typeof Symbol&&t.constructor===Symbol&&t!==Symbol.prototype?"symbol":typeof t},a(t)}function v(n,i){if(n){if("string"==typeof n)return t(n,i);var r={}.toString.call(n).slice(8,-1);return"Object"===r&&n.constructor&&(r=n.constructor.name),"Map"===r||"Set"===r?Array.from(n):"Arguments"===r||/^(?:Ui|I)nt(?:8|16|32)(?:Clamped)?Array$/.test(r)?t(n,i):void 0}}function l(t){var n="function"==typeof Map?new Map:void 0;return l=function(t){if(null===t||!function(t){try{return-1!==Function.toString.call(t).indexOf("[native code]")}catch(n){return"function"==typeof t}}(t))return t;if("function"!=typeof t)throw new TypeError("Super expression must either be null or a function");if(void 0!==n){if(n.has(t))return n.get(t);n.set(t,i)}function i(){return function(t,n,i){if(u())return Reflect.construct.apply(null,arguments);var r=[null];r.push.apply(r,n);var e=new(t.bind.apply(t,r));return i&&h(e,i.prototype),e}(t,arguments,o(this).constructor)}return i.prototype=Object.create(t.prototype,{constructor:{value:i,enumerable:!1,writable:!0,configurable:!0}}),h(i,t)},l(t)}var p=Object.create(null);p.open="0",p.close="1",p.ping="2",p.pong="3",p.message="4",p.upgrade="5",p.noop="6";var d=Object.create(null);Object.keys(p).forEach((function(t){d[p[t]]=t}));var y,b={type:"error",data:"parser error"},w="function"==typeof Blob||"undefined"!=typeof Blob&&"[object BlobConstructor]"===Object.prototype.toString.call(Blob),g="function"==typeof ArrayBuffer,m=function(t){return"function"==typeof ArrayBuffer.isView?ArrayBuffer.isView(t):t&&t.buffer instanceof ArrayBuffer},k=function(t,n,i){var r=t.type,e=t.data;return w&&e instanceof Blob?n?i(e):A(e,i):g&&(e instanceof ArrayBuffer||m(e))?n?i(e):A(new Blob([e]),i):i(p[r]+(e||""))},A=function(t,n){var i=new FileReader;return i.onload=function(){var t=i.result.split(",")[1];n("b"+(t||""))},i.readAsDataURL(t)};function E(t){return t instanceof Uint8Array?t:t instanceof ArrayBuffer?new Uint8Array(t):new Uint8Array(t.buffer,t.byteOffset,t.byteLength)}for(var j="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",O="undefined"==typeof Uint8Array?[]:new Uint8Array(256),B=0;B<64;B++)O[j.charCodeAt(B)]=B;var S,N="function"==typeof ArrayBuffer,T=function(t,n){if("string"!=typeof t)return{type:"message",data:U(t,n)};var i=t.charAt(0);return"b"===i?{type:"message",data:C(t.substring(1),n)}:d[i]?t.length>1?{type:d[i],data:t.substring(1)}:{type:d[i]}:b},C=function(t,n){if(N){var i=function(t){var n,i,r,e,o,s=.75*t.length,u=t.length,h=0;"="===t[t.length-1]&&(s--,"="===t[t.length-2]&&s--);var f=new ArrayBuffer(s),c=new Uint8Array(f);for(n=0;n<u;n+=4)i=O[t.charCodeAt(n)],r=O[t.charCodeAt(n+1)],e=O[t.charCodeAt(n+2)],o=O[t.charCodeAt(n+3)],c[h++]=i<<2|r>>4,c[h++]=(15&r)<<4|e>>2,c[h++]=(3&e)<<6|63&o;return f}(t);return U(i,n)}return{base64:!0,data:t}},U=function(t,n){return"blob"===n?t instanceof Blob?t:new Blob([t]):t instanceof ArrayBuffer?t:t.buffer},M=String.fromCharCode(30);function I(){return new TransformStream({transform:function(t,n){!function(t,n){w&&t.data instanceof Blob?t.data.arrayBuffer().then(E).then(n):g&&(t.data instanceof ArrayBuffer||m(t.data))?n(E(t.data)):k(t,!1,(function(t){y||(y=new TextEncoder),n(y.encode(t))}))}(t,(function(i){var r,e=i.length;if(e<126)r=new Uint8Array(1),new DataView(r.buffer).setUint8(0,e);else if(e<65536){r=new Uint8Array(3);var o=new DataView(r.buffer);o.setUint8(0,126),o.setUint16(1,e)}else{r=new Uint8Array(9);var s=new DataView(r.buffer);s.setUint8(0,127),s.setBigUint64(1,BigInt(e))}t.data&&"string"!=typeof t.data&&(r[0]|=128),n.enqueue(r),n.enqueue(i)}))}})}function x(t){return t.reduce((function(t,n){return t+n.length}),0)}function R(t,n){if(t[0].length===n)return t.shift();for(var i=new Uint8Array(n),r=0,e=0;e<n;e++)i[e]=t[0][r++],r===t[0].length&&(t.shift(),r=0);return t.length&&r<t[0].length&&(t[0]=t[0].slice(r)),i}function L(t){if(t)return function(t){for(var n in L.prototype)t[n]=L.prototype[n];return t}(t)}L.prototype.on=L.prototype.addEventListener=function(t,n){return this.t=this.t||{},(this.t["$"+t]=this.t["$"+t]||[]).push(n),this},L.prototype.once=function(t,n){function i(){this.off(t,i),n.apply(this,arguments)}return i.fn=n,this.on(t,i),this},L.prototype.off=L.prototype.removeListener=L.prototype.removeAllListeners=L.prototype.removeEventListener=function(t,n){if(this.t=this.t||{},0==arguments.length)return this.t={},this;var i,r=this.t["$"+t];if(!r)return this;if(1==arguments.length)return delete this.t["$"+t],this;for(var e=0;e<r.length;e++)if((i=r[e])===n||i.fn===n){r.splice(e,1);break}return 0===r.length&&delete this.t["$"+t],this},L.prototype.emit=function(t){this.t=this.t||{};for(var n=new Array(arguments.length-1),i=this.t["$"+t],r=1;r<arguments.length;r++)n[r-1]=arguments[r];if(i){r=0;for(var e=(i=i.slice(0)).length;r<e;++r)i[r].apply(this,n)}return this},L.prototype.emitReserved=L.prototype.emit,L.prototype.listeners=function(t){return this.t=this.t||{},this.t["$"+t]||[]},L.prototype.hasListeners=function(t){return!!this.listeners(t).length};var _="function"==typeof Promise&&"function"==typeof Promise.resolve?function(t){return Promise.resolve().then(t)}:function(t,n){return n(t,0)},D="undefined"!=typeof self?self:"undefined"!=typeof window?window:Function("return this")();function P(t){for(var n=arguments.length,i=new Array(n>1?n-1:0),r=1;r<n;r++)i[r-1]=arguments[r];return i.reduce((function(n,i){return t.hasOwnProperty(i)&&(n[i]=t[i]),n}),{})}var $=D.setTimeout,F=D.clearTimeout;function V(t,n){n.useNativeTimers?(t.setTimeoutFn=$.bind(D),t.clearTimeoutFn=F.bind(D)):(t.setTimeoutFn=D.setTimeout.bind(D),t.clearTimeoutFn=D.clearTimeout.bind(D))}function q(){return Date.now().toString(36).substring(3)+Math.random().toString(36).substring(2,5)}var X=function(t){function n(n,i,r){var e;return(e=t.call(this,n)||this).description=i,e.context=r,e.type="TransportError",e}return s(n,t),n}(l(Error)),H=function(t){function n(n){var i;return(i=t.call(this)||this).writable=!1,V(i,n),i.opts=n,i.query=n.query,i.socket=n.socket,i.supportsBinary=!n.forceBase64,i}s(n,t);var i=n.prototype;return i.onError=function(n,i,r){return t.prototype.emitReserved.call(this,"error",new X(n,i,r)),this},i.open=function(){return this.readyState="opening",this.doOpen(),this},i.close=function(){return"opening"!==this.readyState&&"open"!==this.readyState||(this.doClose(),this.onClose()),this},i.send=function(t){"open"===this.readyState&&this.write(t)},i.onOpen=function(){this.readyState="open",this.writable=!0,t.prototype.emitReserved.call(this,"open")},i.onData=function(t){var n=T(t,this.socket.binaryType);this.onPacket(n)},i.onPacket=function(n){t.prototype.emitReserved.call(this,"packet",n)},i.onClose=function(n){this.readyState="closed",t.prototype.emitReserved.call(this,"close",n)},i.pause=function(t){},i.createUri=function(t){var n=arguments.length>1&&void 0!==arguments[1]?arguments[1]:{};return t+"://"+this.i()+this.o()+this.opts.path+this.u(n)},i.i=function(){var t=this.opts.hostname;return-1===t.indexOf(":")?t:"["+t+"]"},i.o=function(){return this.opts.port&&(this.opts.secure&&443!==Number(this.opts.port)||!this.opts.secure&&80!==Number(this.opts.port))?":"+this.opts.port:""},i.u=function(t){var n=function(t){var n="";for(var i in t)t.hasOwnProperty(i)&&(n.length&&(n+="&"),n+=encodeURIComponent(i)+"="+encodeURIComponent(t[i]));return n}(t);return n.length?"?"+n:""},n}(L),z=function(t){function n(){var n;return(n=t.apply(this,arguments)||this).h=!1,n}s(n,t);var r=n.prototype;return r.doOpen=function(){this.v()},r.pause=function(t){var n=this;this.readyState="pausing";var i=function(){n.readyState="paused",t()};if(this.h||!this.writable){var r=0;this.h&&(r++,this.once("pollComplete",(function(){--r||i()}))),this.writable||(r++,this.once("drain",(function(){--r||i()})))}else i()},r.v=function(){this.h=!0,this.doPoll(),this.emitReserved("poll")},r.onData=function(t){var n=this;(function(t,n){for(var i=t.split(M),r=[],e=0;e<i.length;e++){var o=T(i[e],n);if(r.push(o),"error"===o.type)break}return r})(t,this.socket.binaryType).forEach((function(t){if("opening"===n.readyState&&"open"===t.type&&n.onOpen(),"close"===t.type)return n.onClose({description:"transport closed by the server"}),!1;n.onPacket(t)})),"closed"!==this.readyState&&(this.h=!1,this.emitReserved("pollComplete"),"open"===this.readyState&&this.v())},r.doClose=function(){var t=this,n=function(){t.write([{type:"close"}])};"open"===this.readyState?n():this.once("open",n)},r.write=function(t){var n=this;this.writable=!1,function(t,n){var i=t.length,r=new Array(i),e=0;t.forEach((function(t,o){k(t,!1,(function(t){r[o]=t,++e===i&&n(r.join(M))}))}))}(t,(function(t){n.doWrite(t,(function(){n.writable=!0,n.emitReserved("drain")}))}))},r.uri=function(){var t=this.opts.secure?"https":"http",n=this.query||{};return!1!==this.opts.timestampRequests&&(n[this.opts.timestampParam]=q()),this.supportsBinary||n.sid||(n.b64=1),this.createUri(t,n)},i(n,[{key:"name",get:function(){return"polling"}}])}(H),J=!1;try{J="undefined"!=typeof XMLHttpRequest&&"withCredentials"in new XMLHttpRequest}catch(t){}var K=J;function Y(){}var G=function(t){function n(n){var i;if(i=t.call(this,n)||this,"undefined"!=typeof location){var r="https:"===location.protocol,e=location.port;e||(e=r?"443":"80"),i.xd="undefined"!=typeof location&&n.hostname!==location.hostname||e!==n.port}return i}s(n,t);var i=n.prototype;return i.doWrite=function(t,n){var i=this,r=this.request({method:"POST",data:t});r.on("success",n),r.on("error",(function(t,n){i.onError("xhr post error",t,n)}))},i.doPoll=function(){var t=this,n=this.request();n.on("data",this.onData.bind(this)),n.on("error",(function(n,i){t.onError("xhr poll error",n,i)})),this.pollXhr=n},n}(z),Q=function(t){function n(n,i,r){var e;return(e=t.call(this)||this).createRequest=n,V(e,r),e.l=r,e.p=r.method||"GET",e.m=i,e.k=void 0!==r.data?r.data:null,e.A(),e}s(n,t);var i=n.prototype;return i.A=function(){var t,i=this,r=P(this.l,"agent","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","autoUnref");r.xdomain=!!this.l.xd;var e=this.j=this.createRequest(r);try{e.open(this.p,this.m,!0);try{if(this.l.extraHeaders)for(var o in e.setDisableHeaderCheck&&e.setDisableHeaderCheck(!0),this.l.extraHeaders)this.l.extraHeaders.hasOwnProperty(o)&&e.setRequestHeader(o,this.l.extraHeaders[o])}catch(t){}if("POST"===this.p)try{e.setRequestHeader("Content-type","text/plain;charset=UTF-8")}catch(t){}try{e.setRequestHeader("Accept","*/*")}catch(t){}null===(t=this.l.cookieJar)||void 0===t||t.addCookies(e),"withCredentials"in e&&(e.withCredentials=this.l.withCredentials),this.l.requestTimeout&&(e.timeout=this.l.requestTimeout),e.onreadystatechange=function(){var t;3===e.readyState&&(null===(t=i.l.cookieJar)||void 0===t||t.parseCookies(e.getResponseHeader("set-cookie"))),4===e.readyState&&(200===e.status||1223===e.status?i.O():i.setTimeoutFn((function(){i.B("number"==typeof e.status?e.status:0)}),0))},e.send(this.k)}catch(t){return void this.setTimeoutFn((function(){i.B(t)}),0)}"undefined"!=typeof document&&(this.S=n.requestsCount++,n.requests[this.S]=this)},i.B=function(t){this.emitReserved("error",t,this.j),this.N(!0)},i.N=function(t){if(void 0!==this.j&&null!==this.j){if(this.j.onreadystatechange=Y,t)try{this.j.abort()}catch(t){}"undefined"!=typeof document&&delete n.requests[this.S],this.j=null}},i.O=function(){var t=this.j.responseText;null!==t&&(this.emitReserved("data",t),this.emitReserved("success"),this.N())},i.abort=function(){this.N()},n}(L);if(Q.requestsCount=0,Q.requests={},"undefined"!=typeof document)if("function"==typeof attachEvent)attachEvent("onunload",W);else if("function"==typeof addEventListener){addEventListener("onpagehide"in D?"pagehide":"unload",W,!1)}function W(){for(var t in Q.requests)Q.requests.hasOwnProperty(t)&&Q.requests[t].abort()}var Z,tt=(Z=it({xdomain:!1}))&&null!==Z.responseType,nt=function(t){function n(n){var i;i=t.call(this,n)||this;var r=n&&n.forceBase64;return i.supportsBinary=tt&&!r,i}return s(n,t),n.prototype.request=function(){var t=arguments.length>0&&void 0!==arguments[0]?arguments[0]:{};return e(t,{xd:this.xd},this.opts),new Q(it,this.uri(),t)},n}(G);function it(t){var n=t.xdomain;try{if("undefined"!=typeof XMLHttpRequest&&(!n||K))return new XMLHttpRequest}catch(t){}if(!n)try{return new(D[["Active"].concat("Object").join("X")])("Microsoft.XMLHTTP")}catch(t){}}var rt="undefined"!=typeof navigator&&"string"==typeof navigator.product&&"reactnative"===navigator.product.toLowerCase(),et=function(t){function n(){return t.apply(this,arguments)||this}s(n,t);var r=n.prototype;return r.doOpen=function(){var t=this.uri(),n=this.opts.protocols,i=rt?{}:P(this.opts,"agent","perMessageDeflate","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","localAddress","protocolVersion","origin","maxPayload","family","checkServerIdentity");this.opts.extraHeaders&&(i.headers=this.opts.extraHeaders);try{this.ws=this.createSocket(t,n,i)}catch(t){return this.emitReserved("error",t)}this.ws.binaryType=this.socket.binaryType,this.addEventListeners()},r.addEventListeners=function(){var t=this;this.ws.onopen=function(){t.opts.autoUnref&&t.ws.T.unref(),t.onOpen()},this.ws.onclose=function(n){return t.onClose({description:"websocket connection closed",context:n})},this.ws.onmessage=function(n){return t.onData(n.data)},this.ws.onerror=function(n){return t.onError("websocket error",n)}},r.write=function(t){var n=this;this.writable=!1;for(var i=function(){var i=t[r],e=r===t.length-1;k(i,n.supportsBinary,(function(t){try{n.doWrite(i,t)}catch(t){}e&&_((function(){n.writable=!0,n.emitReserved("drain")}),n.setTimeoutFn)}))},r=0;r<t.length;r++)i()},r.doClose=function(){void 0!==this.ws&&(this.ws.onerror=function(){},this.ws.close(),this.ws=null)},r.uri=function(){var t=this.opts.secure?"wss":"ws",n=this.query||{};return this.opts.timestampRequests&&(n[this.opts.timestampParam]=q()),this.supportsBinary||(n.b64=1),this.createUri(t,n)},i(n,[{key:"name",get:function(){return"websocket"}}])}(H),ot=D.WebSocket||D.MozWebSocket,st=function(t){function n(){return t.apply(this,arguments)||this}s(n,t);var i=n.prototype;return i.createSocket=function(t,n,i){return rt?new ot(t,n,i):n?new ot(t,n):new ot(t)},i.doWrite=function(t,n){this.ws.send(n)},n}(et),ut=function(t){function n(){return t.apply(this,arguments)||this}s(n,t);var r=n.prototype;return r.doOpen=function(){var t=this;try{this.C=new WebTransport(this.createUri("https"),this.opts.transportOptions[this.name])}catch(t){return this.emitReserved("error",t)}this.C.closed.then((function(){t.onClose()})).catch((function(n){t.onError("webtransport error",n)})),this.C.ready.then((function(){t.C.createBidirectionalStream().then((function(n){var i=function(t,n){S||(S=new TextDecoder);var i=[],r=0,e=-1,o=!1;return new TransformStream({transform:function(s,u){for(i.push(s);;){if(0===r){if(x(i)<1)break;var h=R(i,1);o=!(128&~h[0]),e=127&h[0],r=e<126?3:126===e?1:2}else if(1===r){if(x(i)<2)break;var f=R(i,2);e=new DataView(f.buffer,f.byteOffset,f.length).getUint16(0),r=3}else if(2===r){if(x(i)<8)break;var c=R(i,8),a=new DataView(c.buffer,c.byteOffset,c.length),v=a.getUint32(0);if(v>Math.pow(2,21)-1){u.enqueue(b);break}e=v*Math.pow(2,32)+a.getUint32(4),r=3}else{if(x(i)<e)break;var l=R(i,e);u.enqueue(T(o?l:S.decode(l),n)),r=0}if(0===e||e>t){u.enqueue(b);break}}}})}(Number.MAX_SAFE_INTEGER,t.socket.binaryType),r=n.readable.pipeThrough(i).getReader(),e=I();e.readable.pipeTo(n.writable),t.U=e.writable.getWriter();!function n(){r.read().then((function(i){var r=i.done,e=i.value;r||(t.onPacket(e),n())})).catch((function(t){}))}();var o={type:"open"};t.query.sid&&(o.data='{"sid":"'.concat(t.query.sid,'"}')),t.U.write(o).then((function(){return t.onOpen()}))}))}))},r.write=function(t){var n=this;this.writable=!1;for(var i=function(){var i=t[r],e=r===t.length-1;n.U.write(i).then((function(){e&&_((function(){n.writable=!0,n.emitReserved("drain")}),n.setTimeoutFn)}))},r=0;r<t.length;r++)i()},r.doClose=function(){var t;null===(t=this.C)||void 0===t||t.close()},i(n,[{key:"name",get:function(){return"webtransport"}}])}(H),ht={websocket:st,webtransport:ut,polling:nt},ft=/^(?:(?![^:@\/?#]+:[^:@\/]*@)(http|https|ws|wss):\/\/)?((?:(([^:@\/?#]*)(?::([^:@\/?#]*))?)?@)?((?:[a-f0-9]{0,4}:){2,7}[a-f0-9]{0,4}|[^:\/?#]*)(?::(\d*))?)(((\/(?:[^?#](?![^?#\/]*\.[^?#\/.]+(?:[?#]|$)))*\/?)?([^?#\/]*))(?:\?([^#]*))?(?:#(.*))?)/,ct=["source","protocol","authority","userInfo","user","password","host","port","relative","path","directory","file","query","anchor"];function at(t){if(t.length>8e3)throw"URI too long";var n=t,i=t.indexOf("["),r=t.indexOf("]");-1!=i&&-1!=r&&(t=t.substring(0,i)+t.substring(i,r).replace(/:/g,";")+t.substring(r,t.length));for(var e,o,s=ft.exec(t||""),u={},h=14;h--;)u[ct[h]]=s[h]||"";return-1!=i&&-1!=r&&(u.source=n,u.host=u.host.substring(1,u.host.length-1).replace(/;/g,":"),u.authority=u.authority.replace("[","").replace("]","").replace(/;/g,":"),u.ipv6uri=!0),u.pathNames=function(t,n){var i=/\/{2,9}/g,r=n.replace(i,"/").split("/");"/"!=n.slice(0,1)&&0!==n.length||r.splice(0,1);"/"==n.slice(-1)&&r.splice(r.length-1,1);return r}(0,u.path),u.queryKey=(e=u.query,o={},e.replace(/(?:^|&)([^&=]*)=?([^&]*)/g,(function(t,n,i){n&&(o[n]=i)})),o),u}var vt="function"==typeof addEventListener&&"function"==typeof removeEventListener,lt=[];vt&&addEventListener("offline",(function(){lt.forEach((function(t){return t()}))}),!1);var pt=function(t){function n(n){var i,r,o,s=arguments.length>1&&void 0!==arguments[1]?arguments[1]:{};if((i=t.call(this)||this).binaryType="arraybuffer",i.writeBuffer=[],i.M=0,i.I=[],i.R=-1,i.L=-1,i._=-1,i.D=1/0,n&&"object"===a(n)&&(s=n,n=null),n){var u=at(n);s.hostname=u.host,s.secure="https"===u.protocol||"wss"===u.protocol,s.port=u.port,u.query&&(s.query=u.query)}else s.host&&(s.hostname=at(s.host).host);if(V(i,s),i.secure=null!=s.secure?s.secure:"undefined"!=typeof location&&"https:"===location.protocol,s.hostname&&!s.port&&(s.port=i.secure?"443":"80"),i.hostname=s.hostname||("undefined"!=typeof location?location.hostname:"localhost"),i.port=s.port||("undefined"!=typeof location&&location.port?location.port:i.secure?"443":"80"),s.transportImplementations&&s.transports)throw new Error("specifying both 'transportImplementations' and 'transports' options is not supported");return s.transportImplementations||(null===(r=s.transports)||void 0===r?void 0:r.length)&&"function"==typeof s.transports[0]?(i.transports=[],i.P=Object.create(null),(null!==(o=s.transportImplementations)&&void 0!==o?o:s.transports).forEach((function(t){var n=t.prototype.name;i.transports.push(n),i.P[n]=t}))):(i.transports=s.transports?f(s.transports):["polling","websocket","webtransport"],i.P=ht),i.opts=e({path:"/engine.io",agent:!1,withCredentials:!1,upgrade:!0,timestampParam:"t",rememberUpgrade:!1,addTrailingSlash:!0,rejectUnauthorized:!0,perMessageDeflate:{threshold:1024},transportOptions:{},closeOnBeforeunload:!1},s),i.opts.path=i.opts.path.replace(/\/$/,"")+(i.opts.addTrailingSlash?"/":""),"string"==typeof i.opts.query&&(i.opts.query=function(t){for(var n={},i=t.split("&"),r=0,e=i.length;r<e;r++){var o=i[r].split("=");n[decodeURIComponent(o[0])]=decodeURIComponent(o[1])}return n}(i.opts.query)),vt&&(i.opts.closeOnBeforeunload&&(i.$=function(){i.transport&&(i.transport.removeAllListeners(),i.transport.close())},addEventListener("beforeunload",i.$,!1)),"localhost"!==i.hostname&&(i.F=function(){i.V("transport close",{description:"network connection lost"})},lt.push(i.F))),i.opts.withCredentials&&(i.q=void 0),i.X(),i}s(n,t);var i=n.prototype;return i.createTransport=function(t){var n=e({},this.opts.query);n.EIO=4,n.transport=t,this.id&&(n.sid=this.id);var i=e({},this.opts,{query:n,socket:this,hostname:this.hostname,secure:this.secure,port:this.port},this.opts.transportOptions[t]);return new this.P[t](i)},i.X=function(){var t=this;if(0!==this.transports.length){var i=this.opts.rememberUpgrade&&n.priorWebsocketSuccess&&-1!==this.transports.indexOf("websocket")?"websocket":this.transports[0];this.readyState="opening";var r=this.createTransport(i);r.open(),this.setTransport(r)}else this.setTimeoutFn((function(){t.emitReserved("error","No transports available")}),0)},i.setTransport=function(t){var n=this;this.transport&&this.transport.removeAllListeners(),this.transport=t,t.on("drain",this.H.bind(this)).on("packet",this.J.bind(this)).on("error",this.B.bind(this)).on("close",(function(t){return n.V("transport close",t)}))},i.K=function(t){var i=this,r=this.createTransport(t),e=!1;n.priorWebsocketSuccess=!1;var o=function(){e||(r.send([{type:"ping",data:"probe"}]),r.once("packet",(function(t){if(!e)if("pong"===t.type&&"probe"===t.data){if(i.upgrading=!0,i.emitReserved("upgrading",r),!r)return;n.priorWebsocketSuccess="websocket"===r.name,i.transport.pause((function(){e||"closed"!==i.readyState&&(a(),i.setTransport(r),r.send([{type:"upgrade"}]),i.emitReserved("upgrade",r),r=null,i.upgrading=!1,i.flush())}))}else{var o=new Error("probe error");o.transport=r.name,i.emitReserved("upgradeError",o)}})))};function s(){e||(e=!0,a(),r.close(),r=null)}var u=function(t){var n=new Error("probe error: "+t);n.transport=r.name,s(),i.emitReserved("upgradeError",n)};function h(){u("transport closed")}function f(){u("socket closed")}function c(t){r&&t.name!==r.name&&s()}var a=function(){r.removeListener("open",o),r.removeListener("error",u),r.removeListener("close",h),i.off("close",f),i.off("upgrading",c)};r.once("open",o),r.once("error",u),r.once("close",h),this.once("close",f),this.once("upgrading",c),-1!==this.I.indexOf("webtransport")&&"webtransport"!==t?this.setTimeoutFn((function(){e||r.open()}),200):r.open()},i.onOpen=function(){if(this.readyState="open",n.priorWebsocketSuccess="websocket"===this.transport.name,this.emitReserved("open"),this.flush(),"open"===this.readyState&&this.opts.upgrade)for(var t=0;t<this.I.length;t++)this.K(this.I[t])},i.J=function(t){if("opening"===this.readyState||"open"===this.readyState||"closing"===this.readyState)switch(this.emitReserved("packet",t),this.emitReserved("heartbeat"),t.type){case"open":this.onHandshake(JSON.parse(t.data));break;case"ping":this.Y("pong"),this.emitReserved("ping"),this.emitReserved("pong"),this.G();break;case"error":var n=new Error("server error");n.code=t.data,this.B(n);break;case"message":this.emitReserved("data",t.data),this.emitReserved("message",t.data)}},i.onHandshake=function(t){this.emitReserved("handshake",t),this.id=t.sid,this.transport.query.sid=t.sid,this.I=this.W(t.upgrades),this.R=t.pingInterval,this.L=t.pingTimeout,this._=t.maxPayload,this.onOpen(),"closed"!==this.readyState&&this.G()},i.G=function(){var t=this;this.clearTimeoutFn(this.Z);var n=this.R+this.L;this.D=Date.now()+n,this.Z=this.setTimeoutFn((function(){t.V("ping timeout")}),n),this.opts.autoUnref&&this.Z.unref()},i.H=function(){this.writeBuffer.splice(0,this.M),this.M=0,0===this.writeBuffer.length?this.emitReserved("drain"):this.flush()},i.flush=function(){if("closed"!==this.readyState&&this.transport.writable&&!this.upgrading&&this.writeBuffer.length){var t=this.tt();this.transport.send(t),this.M=t.length,this.emitReserved("flush")}},i.tt=function(){if(!(this._&&"polling"===this.transport.name&&this.writeBuffer.length>1))return this.writeBuffer;for(var t,n=1,i=0;i<this.writeBuffer.length;i++){var r=this.writeBuffer[i].data;if(r&&(n+="string"==typeof(t=r)?function(t){for(var n=0,i=0,r=0,e=t.length;r<e;r++)(n=t.charCodeAt(r))<128?i+=1:n<2048?i+=2:n<55296||n>=57344?i+=3:(r++,i+=4);return i}(t):Math.ceil(1.33*(t.byteLength||t.size))),i>0&&n>this._)return this.writeBuffer.slice(0,i);n+=2}return this.writeBuffer},i.nt=function(){var t=this;if(!this.D)return!0;var n=Date.now()>this.D;return n&&(this.D=0,_((function(){t.V("ping timeout")}),this.setTimeoutFn)),n},i.write=function(t,n,i){return this.Y("message",t,n,i),this},i.send=function(t,n,i){return this.Y("message",t,n,i),this},i.Y=function(t,n,i,r){if("function"==typeof n&&(r=n,n=void 0),"function"==typeof i&&(r=i,i=null),"closing"!==this.readyState&&"closed"!==this.readyState){(i=i||{}).compress=!1!==i.compress;var e={type:t,data:n,options:i};this.emitReserved("packetCreate",e),this.writeBuffer.push(e),r&&this.once("flush",r),this.flush()}},i.close=function(){var t=this,n=function(){t.V("forced close"),t.transport.close()},i=function i(){t.off("upgrade",i),t.off("upgradeError",i),n()},r=function(){t.once("upgrade",i),t.once("upgradeError",i)};return"opening"!==this.readyState&&"open"!==this.readyState||(this.readyState="closing",this.writeBuffer.length?this.once("drain",(function(){t.upgrading?r():n()})):this.upgrading?r():n()),this},i.B=function(t){if(n.priorWebsocketSuccess=!1,this.opts.tryAllTransports&&this.transports.length>1&&"opening"===this.readyState)return this.transports.shift(),this.X();this.emitReserved("error",t),this.V("transport error",t)},i.V=function(t,n){if("opening"===this.readyState||"open"===this.readyState||"closing"===this.readyState){if(this.clearTimeoutFn(this.Z),this.transport.removeAllListeners("close"),this.transport.close(),this.transport.removeAllListeners(),vt&&(this.$&&removeEventListener("beforeunload",this.$,!1),this.F)){var i=lt.indexOf(this.F);-1!==i&&lt.splice(i,1)}this.readyState="closed",this.id=null,this.emitReserved("close",t,n),this.writeBuffer=[],this.M=0}},i.W=function(t){for(var n=[],i=0;i<t.length;i++)~this.transports.indexOf(t[i])&&n.push(t[i]);return n},n}(L);pt.protocol=4,pt.protocol;var dt="function"==typeof ArrayBuffer,yt=function(t){return"function"==typeof ArrayBuffer.isView?ArrayBuffer.isView(t):t.buffer instanceof ArrayBuffer},bt=Object.prototype.toString,wt="function"==typeof Blob||"undefined"!=typeof Blob&&"[object BlobConstructor]"===bt.call(Blob),gt="function"==typeof File||"undefined"!=typeof File&&"[object FileConstructor]"===bt.call(File);function mt(t){return dt&&(t instanceof ArrayBuffer||yt(t))||wt&&t instanceof Blob||gt&&t instanceof File}function kt(t,n){if(!t||"object"!==a(t))return!1;if(Array.isArray(t)){for(var i=0,r=t.length;i<r;i++)if(kt(t[i]))return!0;return!1}if(mt(t))return!0;if(t.toJSON&&"function"==typeof t.toJSON&&1===arguments.length)return kt(t.toJSON(),!0);for(var e in t)if(Object.prototype.hasOwnProperty.call(t,e)&&kt(t[e]))return!0;return!1}function At(t){var n=[],i=t.data,r=t;return r.data=Et(i,n),r.attachments=n.length,{packet:r,buffers:n}}function Et(t,n,i){if(!t)return t;if(mt(t)){var r={_placeholder:!0,num:n.length};return n.push(t),r}if(Array.isArray(t)){for(var e=new Array(t.length),o=0;o<t.length;o++)e[o]=Et(t[o],n);return e}if("object"===a(t)&&!(t instanceof Date)){if(t.toJSON&&"function"==typeof t.toJSON&&!i)return Et(t.toJSON(),n,!0);var s={};for(var u in t)Object.prototype.hasOwnProperty.call(t,u)&&(s[u]=Et(t[u],n));return s}return t}function jt(t,n){return t.data=Ot(t.data,n),delete t.attachments,t}function Ot(t,n){if(!t)return t;if(t&&!0===t._placeholder){if("number"==typeof t.num&&t.num>=0&&t.num<n.length)return n[t.num];throw new Error("illegal attachments")}if(Array.isArray(t))for(var i=0;i<t.length;i++)t[i]=Ot(t[i],n);else if("object"===a(t))for(var r in t)Object.prototype.hasOwnProperty.call(t,r)&&(t[r]=Ot(t[r],n));return t}var Bt,St=["connect","connect_error","disconnect","disconnecting","newListener","removeListener"];!function(t){t[t.CONNECT=0]="CONNECT",t[t.DISCONNECT=1]="DISCONNECT",t[t.EVENT=2]="EVENT",t[t.ACK=3]="ACK",t[t.CONNECT_ERROR=4]="CONNECT_ERROR",t[t.BINARY_EVENT=5]="BINARY_EVENT",t[t.BINARY_ACK=6]="BINARY_ACK"}(Bt||(Bt={}));var Nt=function(){function t(t){this.replacer=t}var n=t.prototype;return n.encode=function(t){return t.type!==Bt.EVENT&&t.type!==Bt.ACK||!kt(t)?[this.encodeAsString(t)]:this.encodeAsBinary({type:t.type===Bt.EVENT?Bt.BINARY_EVENT:Bt.BINARY_ACK,nsp:t.nsp,data:t.data,id:t.id})},n.encodeAsString=function(t){var n=""+t.type;return t.type!==Bt.BINARY_EVENT&&t.type!==Bt.BINARY_ACK||(n+=t.attachments+"-"),t.nsp&&"/"!==t.nsp&&(n+=t.nsp+","),null!=t.id&&(n+=t.id),null!=t.data&&(n+=JSON.stringify(t.data,this.replacer)),n},n.encodeAsBinary=function(t){var n=At(t),i=this.encodeAsString(n.packet),r=n.buffers;return r.unshift(i),r},t}(),Tt=function(t){function n(n){var i;return(i=t.call(this)||this).opts=e({reviver:void 0,maxAttachments:10},"function"==typeof n?{reviver:n}:n),i}s(n,t);var i=n.prototype;return i.add=function(n){var i;if("string"==typeof n){if(this.reconstructor)throw new Error("got plaintext data when reconstructing a packet");var r=(i=this.decodeString(n)).type===Bt.BINARY_EVENT;r||i.type===Bt.BINARY_ACK?(i.type=r?Bt.EVENT:Bt.ACK,this.reconstructor=new Ct(i)):t.prototype.emitReserved.call(this,"decoded",i)}else{if(!mt(n)&&!n.base64)throw new Error("Unknown type: "+n);if(!this.reconstructor)throw new Error("got binary data when not reconstructing a packet");(i=this.reconstructor.takeBinaryData(n))&&(this.reconstructor=null,t.prototype.emitReserved.call(this,"decoded",i))}},i.decodeString=function(t){var i=0,r={type:Number(t.charAt(0))};if(void 0===Bt[r.type])throw new Error("unknown packet type "+r.type);if(r.type===Bt.BINARY_EVENT||r.type===Bt.BINARY_ACK){for(var e=i+1;"-"!==t.charAt(++i)&&i!=t.length;);var o=t.substring(e,i);if(o!=Number(o)||"-"!==t.charAt(i))throw new Error("Illegal attachments");var s=Number(o);if(!Ut(s)||s<1)throw new Error("Illegal attachments");if(s>this.opts.maxAttachments)throw new Error("too many attachments");r.attachments=s}if("/"===t.charAt(i+1)){for(var u=i+1;++i;){if(","===t.charAt(i))break;if(i===t.length)break}r.nsp=t.substring(u,i)}else r.nsp="/";var h=t.charAt(i+1);if(""!==h&&Number(h)==h){for(var f=i+1;++i;){var c=t.charAt(i);if(null==c||Number(c)!=c){--i;break}if(i===t.length)break}r.id=Number(t.substring(f,i+1))}if(t.charAt(++i)){var a=this.tryParse(t.substr(i));if(!n.isPayloadValid(r.type,a))throw new Error("invalid payload");r.data=a}return r},i.tryParse=function(t){try{return JSON.parse(t,this.opts.reviver)}catch(t){return!1}},n.isPayloadValid=function(t,n){switch(t){case Bt.CONNECT:return Mt(n);case Bt.DISCONNECT:return void 0===n;case Bt.CONNECT_ERROR:return"string"==typeof n||Mt(n);case Bt.EVENT:case Bt.BINARY_EVENT:return Array.isArray(n)&&("number"==typeof n[0]||"string"==typeof n[0]&&-1===St.indexOf(n[0]));case Bt.ACK:case Bt.BINARY_ACK:return Array.isArray(n)}},i.destroy=function(){this.reconstructor&&(this.reconstructor.finishedReconstruction(),this.reconstructor=null)},n}(L),Ct=function(){function t(t){this.packet=t,this.buffers=[],this.reconPack=t}var n=t.prototype;return n.takeBinaryData=function(t){if(this.buffers.push(t),this.buffers.length===this.reconPack.attachments){var n=jt(this.reconPack,this.buffers);return this.finishedReconstruction(),n}return null},n.finishedReconstruction=function(){this.reconPack=null,this.buffers=[]},t}();var Ut=Number.isInteger||function(t){return"number"==typeof t&&isFinite(t)&&Math.floor(t)===t};function Mt(t){return"[object Object]"===Object.prototype.toString.call(t)}var It=Object.freeze({__proto__:null,protocol:5,get PacketType(){return Bt},Encoder:Nt,Decoder:Tt,isPacketValid:function(t){return"string"==typeof t.nsp&&(void 0===(n=t.id)||Ut(n))&&function(t,n){switch(t){case Bt.CONNECT:return void 0===n||Mt(n);case Bt.DISCONNECT:return void 0===n;case Bt.EVENT:return Array.isArray(n)&&("number"==typeof n[0]||"string"==typeof n[0]&&-1===St.indexOf(n[0]));case Bt.ACK:return Array.isArray(n);case Bt.CONNECT_ERROR:return"string"==typeof n||Mt(n);default:return!1}}(t.type,t.data);var n}});function xt(t,n,i){return t.on(n,i),function(){t.off(n,i)}}var Rt=Object.freeze({connect:1,connect_error:1,disconnect:1,disconnecting:1,newListener:1,removeListener:1}),Lt=function(t){function n(n,i,r){var o;return(o=t.call(this)||this).connected=!1,o.recovered=!1,o.receiveBuffer=[],o.sendBuffer=[],o.it=[],o.rt=0,o.ids=0,o.acks={},o.flags={},o.io=n,o.nsp=i,r&&r.auth&&(o.auth=r.auth),o.l=e({},r),o.io.et&&o.open(),o}s(n,t);var o=n.prototype;return o.subEvents=function(){if(!this.subs){var t=this.io;this.subs=[xt(t,"open",this.onopen.bind(this)),xt(t,"packet",this.onpacket.bind(this)),xt(t,"error",this.onerror.bind(this)),xt(t,"close",this.onclose.bind(this))]}},o.connect=function(){return this.connected||(this.subEvents(),this.io.ot||this.io.open(),"open"===this.io.st&&this.onopen()),this},o.open=function(){return this.connect()},o.send=function(){for(var t=arguments.length,n=new Array(t),i=0;i<t;i++)n[i]=arguments[i];return n.unshift("message"),this.emit.apply(this,n),this},o.emit=function(t){var n,i,r;if(Rt.hasOwnProperty(t))throw new Error('"'+t.toString()+'" is a reserved event name');for(var e=arguments.length,o=new Array(e>1?e-1:0),s=1;s<e;s++)o[s-1]=arguments[s];if(o.unshift(t),this.l.retries&&!this.flags.fromQueue&&!this.flags.volatile)return this.ut(o),this;var u={type:Bt.EVENT,data:o,options:{}};if(u.options.compress=!1!==this.flags.compress,"function"==typeof o[o.length-1]){var h=this.ids++,f=o.pop();this.ht(h,f),u.id=h}var c=null===(i=null===(n=this.io.engine)||void 0===n?void 0:n.transport)||void 0===i?void 0:i.writable,a=this.connected&&!(null===(r=this.io.engine)||void 0===r?void 0:r.nt());return this.flags.volatile&&!c||(a?(this.notifyOutgoingListeners(u),this.packet(u)):this.sendBuffer.push(u)),this.flags={},this},o.ht=function(t,n){var i,r=this,e=null!==(i=this.flags.timeout)&&void 0!==i?i:this.l.ackTimeout;if(void 0!==e){var o=this.io.setTimeoutFn((function(){delete r.acks[t];for(var i=0;i<r.sendBuffer.length;i++)r.sendBuffer[i].id===t&&r.sendBuffer.splice(i,1);n.call(r,new Error("operation has timed out"))}),e),s=function(){r.io.clearTimeoutFn(o);for(var t=arguments.length,i=new Array(t),e=0;e<t;e++)i[e]=arguments[e];n.apply(r,i)};s.withError=!0,this.acks[t]=s}else this.acks[t]=n},o.emitWithAck=function(t){for(var n=this,i=arguments.length,r=new Array(i>1?i-1:0),e=1;e<i;e++)r[e-1]=arguments[e];return new Promise((function(i,e){var o=function(t,n){return t?e(t):i(n)};o.withError=!0,r.push(o),n.emit.apply(n,[t].concat(r))}))},o.ut=function(t){var n,i=this;"function"==typeof t[t.length-1]&&(n=t.pop());var r={id:this.rt++,tryCount:0,pending:!1,args:t,flags:e({fromQueue:!0},this.flags)};t.push((function(t){if(i.it[0],null!==t)r.tryCount>i.l.retries&&(i.it.shift(),n&&n(t));else if(i.it.shift(),n){for(var e=arguments.length,o=new Array(e>1?e-1:0),s=1;s<e;s++)o[s-1]=arguments[s];n.apply(void 0,[null].concat(o))}return r.pending=!1,i.ft()})),this.it.push(r),this.ft()},o.ft=function(){var t=arguments.length>0&&void 0!==arguments[0]&&arguments[0];if(this.connected&&0!==this.it.length){var n=this.it[0];n.pending&&!t||(n.pending=!0,n.tryCount++,this.flags=n.flags,this.emit.apply(this,n.args))}},o.packet=function(t){t.nsp=this.nsp,this.io.ct(t)},o.onopen=function(){var t=this;"function"==typeof this.auth?this.auth((function(n){t.vt(n)})):this.vt(this.auth)},o.vt=function(t){this.packet({type:Bt.CONNECT,data:this.lt?e({pid:this.lt,offset:this.dt},t):t})},o.onerror=function(t){this.connected||this.emitReserved("connect_error",t)},o.onclose=function(t,n){this.connected=!1,delete this.id,this.emitReserved("disconnect",t,n),this.yt()},o.yt=function(){var t=this;Object.keys(this.acks).forEach((function(n){if(!t.sendBuffer.some((function(t){return String(t.id)===n}))){var i=t.acks[n];delete t.acks[n],i.withError&&i.call(t,new Error("socket has been disconnected"))}}))},o.onpacket=function(t){if(t.nsp===this.nsp)switch(t.type){case Bt.CONNECT:t.data&&t.data.sid?this.onconnect(t.data.sid,t.data.pid):this.emitReserved("connect_error",new Error("It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)"));break;case Bt.EVENT:case Bt.BINARY_EVENT:this.onevent(t);break;case Bt.ACK:case Bt.BINARY_ACK:this.onack(t);break;case Bt.DISCONNECT:this.ondisconnect();break;case Bt.CONNECT_ERROR:this.destroy();var n=new Error(t.data.message);n.data=t.data.data,this.emitReserved("connect_error",n)}},o.onevent=function(t){var n=t.data||[];null!=t.id&&n.push(this.ack(t.id)),this.connected?this.emitEvent(n):this.receiveBuffer.push(Object.freeze(n))},o.emitEvent=function(n){if(this.bt&&this.bt.length){var i,e=r(this.bt.slice());try{for(e.s();!(i=e.n()).done;){i.value.apply(this,n)}}catch(t){e.e(t)}finally{e.f()}}t.prototype.emit.apply(this,n),this.lt&&n.length&&"string"==typeof n[n.length-1]&&(this.dt=n[n.length-1])},o.ack=function(t){var n=this,i=!1;return function(){if(!i){i=!0;for(var r=arguments.length,e=new Array(r),o=0;o<r;o++)e[o]=arguments[o];n.packet({type:Bt.ACK,id:t,data:e})}}},o.onack=function(t){var n=this.acks[t.id];"function"==typeof n&&(delete this.acks[t.id],n.withError&&t.data.unshift(null),n.apply(this,t.data))},o.onconnect=function(t,n){this.id=t,this.recovered=n&&this.lt===n,this.lt=n,this.connected=!0,this.emitBuffered(),this.ft(!0),this.emitReserved("connect")},o.emitBuffered=function(){var t=this;this.receiveBuffer.forEach((function(n){return t.emitEvent(n)})),this.receiveBuffer=[],this.sendBuffer.forEach((function(n){t.notifyOutgoingListeners(n),t.packet(n)})),this.sendBuffer=[]},o.ondisconnect=function(){this.destroy(),this.onclose("io server disconnect")},o.destroy=function(){this.subs&&(this.subs.forEach((function(t){return t()})),this.subs=void 0),this.io.wt(this)},o.disconnect=function(){return this.connected&&this.packet({type:Bt.DISCONNECT}),this.destroy(),this.connected&&this.onclose("io client disconnect"),this},o.close=function(){return this.disconnect()},o.compress=function(t){return this.flags.compress=t,this},o.timeout=function(t){return this.flags.timeout=t,this},o.onAny=function(t){return this.bt=this.bt||[],this.bt.push(t),this},o.prependAny=function(t){return this.bt=this.bt||[],this.bt.unshift(t),this},o.offAny=function(t){if(!this.bt)return this;if(t){for(var n=this.bt,i=0;i<n.length;i++)if(t===n[i])return n.splice(i,1),this}else this.bt=[];return this},o.listenersAny=function(){return this.bt||[]},o.onAnyOutgoing=function(t){return this.gt=this.gt||[],this.gt.push(t),this},o.prependAnyOutgoing=function(t){return this.gt=this.gt||[],this.gt.unshift(t),this},o.offAnyOutgoing=function(t){if(!this.gt)return this;if(t){for(var n=this.gt,i=0;i<n.length;i++)if(t===n[i])return n.splice(i,1),this}else this.gt=[];return this},o.listenersAnyOutgoing=function(){return this.gt||[]},o.notifyOutgoingListeners=function(t){if(this.gt&&this.gt.length){var n,i=r(this.gt.slice());try{for(i.s();!(n=i.n()).done;){n.value.apply(this,t.data)}}catch(t){i.e(t)}finally{i.f()}}},i(n,[{key:"disconnected",get:function(){return!this.connected}},{key:"active",get:function(){return!!this.subs}},{key:"volatile",get:function(){return this.flags.volatile=!0,this}}])}(L);function _t(t){t=t||{},this.ms=t.min||100,this.max=t.max||1e4,this.factor=t.factor||2,this.jitter=t.jitter>0&&t.jitter<=1?t.jitter:0,this.attempts=0}_t.prototype.duration=function(){var t=this.ms*Math.pow(this.factor,this.attempts++);if(this.jitter){var n=Math.random(),i=Math.floor(n*this.jitter*t);t=1&Math.floor(10*n)?t+i:t-i}return 0|Math.min(t,this.max)},_t.prototype.reset=function(){this.attempts=0},_t.prototype.setMin=function(t){this.ms=t},_t.prototype.setMax=function(t){this.max=t},_t.prototype.setJitter=function(t){this.jitter=t};var Dt=function(t){function n(n,i){var r,e;(r=t.call(this)||this).nsps={},r.subs=[],n&&"object"===a(n)&&(i=n,n=void 0),(i=i||{}).path=i.path||"/socket.io",r.opts=i,V(r,i),r.reconnection(!1!==i.reconnection),r.reconnectionAttempts(i.reconnectionAttempts||1/0),r.reconnectionDelay(i.reconnectionDelay||1e3),r.reconnectionDelayMax(i.reconnectionDelayMax||5e3),r.randomizationFactor(null!==(e=i.randomizationFactor)&&void 0!==e?e:.5),r.backoff=new _t({min:r.reconnectionDelay(),max:r.reconnectionDelayMax(),jitter:r.randomizationFactor()}),r.timeout(null==i.timeout?2e4:i.timeout),r.st="closed",r.uri=n;var o=i.parser||It;return r.encoder=new o.Encoder,r.decoder=new o.Decoder,r.et=!1!==i.autoConnect,r.et&&r.open(),r}s(n,t);var i=n.prototype;return i.reconnection=function(t){return arguments.length?(this.kt=!!t,t||(this.skipReconnect=!0),this):this.kt},i.reconnectionAttempts=function(t){return void 0===t?this.At:(this.At=t,this)},i.reconnectionDelay=function(t){var n;return void 0===t?this.Et:(this.Et=t,null===(n=this.backoff)||void 0===n||n.setMin(t),this)},i.randomizationFactor=function(t){var n;return void 0===t?this.jt:(this.jt=t,null===(n=this.backoff)||void 0===n||n.setJitter(t),this)},i.reconnectionDelayMax=function(t){var n;return void 0===t?this.Ot:(this.Ot=t,null===(n=this.backoff)||void 0===n||n.setMax(t),this)},i.timeout=function(t){return arguments.length?(this.Bt=t,this):this.Bt},i.maybeReconnectOnOpen=function(){!this.ot&&this.kt&&0===this.backoff.attempts&&this.reconnect()},i.open=function(t){var n=this;if(~this.st.indexOf("open"))return this;this.engine=new pt(this.uri,this.opts);var i=this.engine,r=this;this.st="opening",this.skipReconnect=!1;var e=xt(i,"open",(function(){r.onopen(),t&&t()})),o=function(i){n.cleanup(),n.st="closed",n.emitReserved("error",i),t?t(i):n.maybeReconnectOnOpen()},s=xt(i,"error",o);if(!1!==this.Bt){var u=this.Bt,h=this.setTimeoutFn((function(){e(),o(new Error("timeout")),i.close()}),u);this.opts.autoUnref&&h.unref(),this.subs.push((function(){n.clearTimeoutFn(h)}))}return this.subs.push(e),this.subs.push(s),this},i.connect=function(t){return this.open(t)},i.onopen=function(){this.cleanup(),this.st="open",this.emitReserved("open");var t=this.engine;this.subs.push(xt(t,"ping",this.onping.bind(this)),xt(t,"data",this.ondata.bind(this)),xt(t,"error",this.onerror.bind(this)),xt(t,"close",this.onclose.bind(this)),xt(this.decoder,"decoded",this.ondecoded.bind(this)))},i.onping=function(){this.emitReserved("ping")},i.ondata=function(t){try{this.decoder.add(t)}catch(t){this.onclose("parse error",t)}},i.ondecoded=function(t){var n=this;_((function(){n.emitReserved("packet",t)}),this.setTimeoutFn)},i.onerror=function(t){this.emitReserved("error",t)},i.socket=function(t,n){var i=this.nsps[t];return i?this.et&&!i.active&&i.connect():(i=new Lt(this,t,n),this.nsps[t]=i),i},i.wt=function(t){for(var n=0,i=Object.keys(this.nsps);n<i.length;n++){var r=i[n];if(this.nsps[r].active)return}this.St()},i.ct=function(t){for(var n=this.encoder.encode(t),i=0;i<n.length;i++)this.engine.write(n[i],t.options)},i.cleanup=function(){this.subs.forEach((function(t){return t()})),this.subs.length=0,this.decoder.destroy()},i.St=function(){this.skipReconnect=!0,this.ot=!1,this.onclose("forced close")},i.disconnect=function(){return this.St()},i.onclose=function(t,n){var i;this.cleanup(),null===(i=this.engine)||void 0===i||i.close(),this.backoff.reset(),this.st="closed",this.emitReserved("close",t,n),this.kt&&!this.skipReconnect&&this.reconnect()},i.reconnect=function(){var t=this;if(this.ot||this.skipReconnect)return this;var n=this;if(this.backoff.attempts>=this.At)this.backoff.reset(),this.emitReserved("reconnect_failed"),this.ot=!1;else{var i=this.backoff.duration();this.ot=!0;var r=this.setTimeoutFn((function(){n.skipReconnect||(t.emitReserved("reconnect_attempt",n.backoff.attempts),n.skipReconnect||n.open((function(i){i?(n.ot=!1,n.reconnect(),t.emitReserved("reconnect_error",i)):n.onreconnect()})))}),i);this.opts.autoUnref&&r.unref(),this.subs.push((function(){t.clearTimeoutFn(r)}))}},i.onreconnect=function(){var t=this.backoff.attempts;this.ot=!1,this.backoff.reset(),this.emitReserved("reconnect",t)},n}(L),Pt={};function $t(t,n){"object"===a(t)&&(n=t,t=void 0);var i,r=function(t){var n=arguments.length>1&&void 0!==arguments[1]?arguments[1]:"",i=arguments.length>2?arguments[2]:void 0,r=t;i=i||"undefined"!=typeof location&&location,null==t&&(t=i.protocol+"//"+i.host),"string"==typeof t&&("/"===t.charAt(0)&&(t="/"===t.charAt(1)?i.protocol+t:i.host+t),/^(https?|wss?):\/\//.test(t)||(t=void 0!==i?i.protocol+"//"+t:"https://"+t),r=at(t)),r.port||(/^(http|ws)$/.test(r.protocol)?r.port="80":/^(http|ws)s$/.test(r.protocol)&&(r.port="443")),r.path=r.path||"/";var e=-1!==r.host.indexOf(":")?"["+r.host+"]":r.host;return r.id=r.protocol+"://"+e+":"+r.port+n,r.href=r.protocol+"://"+e+(i&&i.port===r.port?"":":"+r.port),r}(t,(n=n||{}).path||"/socket.io"),e=r.source,o=r.id,s=r.path,u=Pt[o]&&s in Pt[o].nsps;return n.forceNew||n["force new connection"]||!1===n.multiplex||u?i=new Dt(e,n):(Pt[o]||(Pt[o]=new Dt(e,n)),i=Pt[o]),r.query&&!n.query&&(n.query=r.queryKey),i.socket(r.path,n)}return e($t,{Manager:Dt,Socket:Lt,io:$t,connect:$t}),$t}));
  return module.exports;
})();
var WIDGET_CSS = "/* Styles of the chat widget. They live inside the widget's shadow root: they cannot reach the host page,\n   and `all: initial` on the host stops the host page's inherited styles from reaching in.\n   Colours are chosen for WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for controls and focus rings). */\n:host {\n  all: initial;\n  --lic-ink: #1b1b1b;\n  --lic-muted: #4a4a4a;\n  --lic-bg: #ffffff;\n  --lic-soft: #f3f5f8;\n  --lic-line: #767676;\n  --lic-primary: #0b4f8a;\n  --lic-primary-dark: #073a66;\n  --lic-user: #e3eef9;\n  --lic-focus: #ffdd00;\n  --lic-focus-ring: #0b0c0c;\n  --lic-emergency: #b00020;\n  --lic-urgent: #8a4b00;\n  --lic-crisis: #5b2a86;\n  --lic-warn-bg: #fff4ce;\n  --lic-warn-ink: #4d3800;\n}\n\n/* Typography is set on the wrapper, not on :host: a host page rule with !important (say\n   `* { line-height: 3 !important }`) can reach the host element, never the elements inside. */\n.wrap {\n  font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;\n  font-size: 16px;\n  font-weight: 400;\n  font-style: normal;\n  line-height: 1.5;\n  letter-spacing: normal;\n  word-spacing: normal;\n  text-align: left;\n  text-transform: none;\n  text-indent: 0;\n  white-space: normal;\n  color: var(--lic-ink);\n  visibility: visible;\n}\n\n*, *::before, *::after { box-sizing: border-box; }\n\n[hidden] { display: none !important; }\n\n.sr-only {\n  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;\n  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;\n}\n\nbutton, textarea, a { font: inherit; letter-spacing: inherit; }\n\n:focus-visible {\n  outline: 3px solid var(--lic-focus);\n  outline-offset: 0;\n  box-shadow: 0 0 0 6px var(--lic-focus-ring);\n}\n\nbutton {\n  cursor: pointer;\n  min-height: 44px;\n  min-width: 44px;\n  border-radius: 6px;\n  padding: 0.4em 0.9em;\n  border: 2px solid var(--lic-primary);\n  background: var(--lic-bg);\n  color: var(--lic-primary);\n  font-weight: 600;\n}\nbutton:hover { background: var(--lic-user); }\nbutton.primary { background: var(--lic-primary); color: #fff; }\nbutton.primary:hover { background: var(--lic-primary-dark); }\nbutton:disabled { cursor: not-allowed; border-color: var(--lic-line); color: var(--lic-muted); background: var(--lic-soft); }\n\n/* ---------- launcher ---------- */\n.launcher {\n  position: fixed;\n  z-index: 2147483000;\n  bottom: 16px;\n  right: 16px;\n  display: inline-flex;\n  align-items: center;\n  gap: 0.5em;\n  padding: 0.7em 1.1em;\n  border-radius: 999px;\n  border: 2px solid #fff;\n  background: var(--lic-primary);\n  color: #fff;\n  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.3);\n  max-width: calc(100vw - 32px);\n}\n.launcher:hover { background: var(--lic-primary-dark); }\n.launcher svg { width: 1.4em; height: 1.4em; flex: none; }\n.left .launcher { right: auto; left: 16px; }\n\n/* ---------- panel ---------- */\n.panel {\n  position: fixed;\n  z-index: 2147483001;\n  bottom: 16px;\n  right: 16px;\n  width: min(460px, calc(100vw - 32px));\n  height: min(680px, calc(100vh - 32px));\n  height: min(680px, calc(100dvh - 32px));\n  display: flex;\n  flex-direction: column;\n  background: var(--lic-bg);\n  border: 1px solid var(--lic-line);\n  border-radius: 12px;\n  box-shadow: 0 8px 30px rgba(0, 0, 0, 0.3);\n  overflow: hidden;\n  /* clip, not a scroll container: focusing or scrolling to a message must never shift the header away. */\n  overflow: clip;\n}\n.left .panel { right: auto; left: 16px; }\n\n/* Phones, and big zoom levels: the panel takes the whole viewport. */\n@media (max-width: 520px), (max-height: 560px) {\n  .panel, .left .panel {\n    inset: 0;\n    width: 100%;\n    height: 100%;\n    border-radius: 0;\n    border: 0;\n  }\n  .launcher, .left .launcher { bottom: 12px; right: 12px; }\n  .tools .long { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n  .tools button { min-height: 36px; }\n  .bar { padding-top: 0.4em; padding-bottom: 0.4em; }\n  .left .launcher { right: auto; left: 12px; }\n}\n\n.bar {\n  flex: none;\n  display: flex;\n  align-items: flex-start;\n  gap: 0.5em;\n  padding: 0.6em 0.6em 0.6em 1em;\n  background: var(--lic-primary);\n  color: #fff;\n}\n.bar .titles { flex: 1; min-width: 0; }\n.bar h2 { margin: 0; font-size: 1.1em; line-height: 1.3; overflow-wrap: anywhere; }\n.bar p { margin: 0.1em 0 0; font-size: 0.875em; overflow-wrap: anywhere; }\n.bar button.close {\n  flex: none;\n  background: transparent;\n  color: #fff;\n  border-color: #fff;\n  padding: 0.2em 0.6em;\n}\n.bar button.close:hover { background: var(--lic-primary-dark); }\n\n/* ---------- \"I feel unwell now\": in the tools row, always on screen while the panel is open ---------- */\n.tools button.urgent-now {\n  flex: 1 1 100%;\n  display: flex;\n  align-items: center;\n  justify-content: center;\n  gap: 0.5em;\n  min-height: 44px;\n  padding: 0.35em 0.9em;\n  border: 2px solid #5c0011;\n  background: var(--lic-emergency);\n  color: #fff;\n  font-size: 1.0625em;\n  font-weight: 700;\n  line-height: 1.25;\n  text-align: center;\n}\n.tools button.urgent-now:hover { background: #8c0019; }\n.tools button.urgent-now svg { width: 1.35em; height: 1.35em; flex: none; }\n.tools button.urgent-now span { overflow-wrap: anywhere; }\n.msg.note.urgent {\n  align-self: stretch;\n  font-size: 1em;\n  font-weight: 600;\n  color: var(--lic-emergency);\n  border-left: 4px solid var(--lic-emergency);\n  padding-left: 0.6em;\n}\n\n.tools {\n  flex: none;\n  display: flex;\n  flex-wrap: wrap;\n  gap: 0.4em;\n  padding: 0.5em 0.75em;\n  border-bottom: 1px solid #d0d4da;\n  background: var(--lic-soft);\n}\n.tools button { font-size: 0.8125em; padding: 0.25em 0.6em; min-height: 36px; }\n.confirm {\n  flex: none;\n  padding: 0.6em 0.9em;\n  background: var(--lic-warn-bg);\n  color: var(--lic-warn-ink);\n  border-bottom: 1px solid #d0d4da;\n}\n.confirm p { margin: 0 0 0.5em; }\n.confirm .row { display: flex; flex-wrap: wrap; gap: 0.5em; }\n\n/* ---------- connection state ---------- */\n.status {\n  flex: none;\n  padding: 0.5em 0.9em;\n  background: var(--lic-warn-bg);\n  color: var(--lic-warn-ink);\n  border-bottom: 1px solid #c9a400;\n  display: flex;\n  flex-wrap: wrap;\n  align-items: center;\n  gap: 0.5em;\n}\n.status p { margin: 0; flex: 1 1 12em; }\n.status.ok { background: #e6f4ea; color: #0d4a1f; border-bottom-color: #5f9f6e; }\n\n/* ---------- alert banner ---------- */\n.alerts { flex: none; }\n.alert {\n  padding: 0.7em 0.9em;\n  color: #fff;\n  background: var(--lic-emergency);\n  border-bottom: 4px solid #000;\n  max-height: 35vh;\n  overflow-y: auto;\n}\n.alert.urgent { background: var(--lic-urgent); }\n.alert.crisis { background: var(--lic-crisis); }\n.alert h3 { margin: 0 0 0.3em; font-size: 1.05em; display: flex; align-items: center; gap: 0.4em; }\n.alert h3 svg { width: 1.3em; height: 1.3em; flex: none; }\n.alert .text p { margin: 0 0 0.4em; }\n.alert a { color: #fff; }\n.alert button.toggle {\n  min-height: 36px;\n  font-size: 0.875em;\n  padding: 0.15em 0.6em;\n  background: transparent;\n  color: #fff;\n  border-color: #fff;\n}\n.alert button.toggle:hover { background: rgba(0, 0, 0, 0.25); }\n\n/* ---------- conversation ---------- */\n.log {\n  flex: 1 1 auto;\n  scroll-padding-block: 0.75em;\n  min-height: 6em;\n  overflow-y: auto;\n  padding: 0.75em;\n  display: flex;\n  flex-direction: column;\n  gap: 0.6em;\n  background: var(--lic-bg);\n}\n.log > * { flex: none; }\n.msg { max-width: 92%; overflow-wrap: anywhere; }\n.msg .bubble {\n  padding: 0.55em 0.85em;\n  border-radius: 12px;\n}\n.msg.bot { align-self: flex-start; }\n.msg.bot .bubble { background: var(--lic-soft); border: 1px solid #d0d4da; border-top-left-radius: 3px; }\n.msg.user { align-self: flex-end; }\n.msg.user .bubble { background: var(--lic-user); border: 1px solid #9cb9d6; border-top-right-radius: 3px; }\n.msg.intro .bubble { background: #fff; border: 1px dashed var(--lic-line); }\n.msg.note { align-self: center; font-size: 0.875em; color: var(--lic-muted); }\n.bubble p { margin: 0 0 0.5em; }\n.bubble.plain { white-space: pre-wrap; }\n.bubble p:last-child, .bubble ul:last-child { margin-bottom: 0; }\n.bubble ul { margin: 0.2em 0 0.5em; padding-left: 1.3em; }\n.bubble li { margin: 0.15em 0; }\na { color: var(--lic-primary); text-decoration: underline; }\na:hover { color: var(--lic-primary-dark); }\n\n.sources { font-size: 0.875em; margin-top: 0.3em; color: var(--lic-muted); }\n.sources ul { margin: 0.1em 0 0; padding-left: 1.2em; }\n\n.replies {\n  display: flex;\n  flex-wrap: wrap;\n  gap: 0.45em;\n  padding: 0.1em 0 0.2em;\n}\n.replies button {\n  border-radius: 999px;\n  font-weight: 600;\n  padding: 0.35em 0.95em;\n}\n\n.typing { flex: none; margin: 0; padding: 0.15em 0.9em; color: var(--lic-muted); font-size: 0.9em; font-style: italic; background: var(--lic-bg); }\n\n/* ---------- assessment card ---------- */\n.card {\n  align-self: stretch;\n  border: 2px solid var(--lic-primary);\n  border-radius: 10px;\n  background: #fff;\n  overflow: hidden;\n}\n.card h3 {\n  margin: 0;\n  padding: 0.55em 0.85em;\n  font-size: 1.05em;\n  background: var(--lic-user);\n  color: var(--lic-primary-dark);\n}\n.card .body { padding: 0.6em 0.85em 0.8em; }\n.card dl { margin: 0; }\n.card dt { font-weight: 700; margin-top: 0.55em; }\n.card dt:first-child { margin-top: 0; }\n.card dd { margin: 0.1em 0 0; }\n.card dd ul { margin: 0.1em 0 0; padding-left: 1.2em; }\n.card .verdict { font-weight: 700; }\n.card .note { margin: 0.8em 0 0.6em; font-size: 0.9em; color: var(--lic-muted); }\n.card.summary-ready { border-style: dashed; }\n\n/* ---------- the picture of the path (bot/diagram.py), inside the assessment card ---------- */\n.card figure.diagram { margin: 0.8em 0 0.2em; }\n.card figure.diagram figcaption { font-weight: 700; margin-bottom: 0.3em; }\n/* Scales with the card: 360 px phones to wide panels; the viewBox keeps the proportions. */\n.diagram-svg { display: block; width: 100%; max-width: 24em; height: auto; }\n.diagram-svg text { fill: #1b1b1b; font-family: inherit; }\n.diagram-svg text.on { fill: #fff; }\n.diagram-svg text.d-muted { fill: #4a4a4a; }\n.diagram-svg .d-box { fill: #f4f7fb; stroke: #6b6b6b; }\n.diagram-svg .d-chip { fill: #fff; stroke: #6b6b6b; }\n.diagram-svg .d-chip.on { fill: var(--lic-primary); stroke: var(--lic-primary); }\n.diagram-svg .d-dot { fill: #fff; stroke: var(--lic-primary); }\n.diagram-svg .d-dot.on { fill: var(--lic-primary); }\n.diagram-svg .d-end { fill: #fff; stroke: var(--lic-primary); }\n.diagram-svg .d-arrow { stroke: #1b1b1b; }\n.diagram-svg .d-arrow-head { fill: #1b1b1b; }\n.card details.words { margin-top: 0.4em; }\n.card details.words summary { cursor: pointer; font-weight: 600; color: var(--lic-primary); padding: 0.15em 0; }\n.card details.words ol { margin: 0.3em 0 0; padding-left: 1.4em; }\n.card details.words li { margin: 0.2em 0; }\n\n/* ---------- urgent help card ---------- */\n.card.urgent-help { border-color: var(--lic-emergency); }\n.card.urgent-help h3 {\n  display: flex;\n  align-items: center;\n  gap: 0.45em;\n  background: var(--lic-emergency);\n  color: #fff;\n  font-size: 1.15em;\n}\n.card.urgent-help h3 svg { width: 1.3em; height: 1.3em; flex: none; }\n.card.urgent-help p { margin: 0 0 0.6em; }\n.card.urgent-help .route {\n  margin: 0 0 0.8em;\n  padding: 0.5em 0 0.5em 0.75em;\n  border-left: 5px solid var(--lic-emergency);\n  background: #fdf2f4;\n}\n.card.urgent-help h4 { margin: 0 0 0.35em; font-size: 1.15em; line-height: 1.3; color: #1b1b1b; overflow-wrap: anywhere; }\n.card.urgent-help a.phone {\n  display: inline-flex;\n  align-items: center;\n  gap: 0.45em;\n  min-height: 44px;\n  margin: 0 0 0.45em;\n  padding: 0.3em 0.9em;\n  border: 2px solid #5c0011;\n  border-radius: 6px;\n  background: var(--lic-emergency);\n  color: #fff;\n  font-size: 1.15em;\n  font-weight: 700;\n  text-decoration: none;\n  overflow-wrap: anywhere;\n}\n.card.urgent-help a.phone:hover { background: #8c0019; color: #fff; }\n.card.urgent-help a.phone svg { width: 1.2em; height: 1.2em; flex: none; }\n.card.urgent-help p.phone { font-size: 1.15em; font-weight: 700; margin-bottom: 0.45em; }\n.card.urgent-help .lead { margin: 0 0 0.15em; font-weight: 600; }\n.card.urgent-help ul { margin: 0; padding-left: 1.3em; }\n.card.urgent-help li { margin: 0.15em 0; }\n.card.urgent-help .closing { margin: 0.2em 0 0; }\n.card.summary-ready p { margin: 0 0 0.6em; }\n\n/* ---------- composer ---------- */\nform.composer {\n  flex: none;\n  border-top: 1px solid #d0d4da;\n  padding: 0.6em 0.75em 0.5em;\n  background: #fff;\n}\nform.composer label { display: block; font-weight: 600; font-size: 0.9em; margin-bottom: 0.25em; }\nform.composer .row { display: flex; gap: 0.5em; align-items: flex-end; }\nform.composer textarea {\n  flex: 1;\n  min-width: 0;\n  min-height: 44px;\n  max-height: 8em;\n  resize: vertical;\n  padding: 0.5em 0.6em;\n  border: 2px solid var(--lic-line);\n  border-radius: 6px;\n  color: var(--lic-ink);\n  background: #fff;\n}\nform.composer .hint { margin: 0.35em 0 0; font-size: 0.8em; color: var(--lic-muted); }\n\n/* Short viewports (landscape phones, 200% zoom): less chrome, more conversation. */\n@media (max-height: 560px) {\n  .bar p, form.composer .hint { display: none; }\n  form.composer label { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); }\n  .tools { padding-top: 0.3em; padding-bottom: 0.3em; }\n  .tools { align-items: center; }\n  .tools button.urgent-now { flex: 0 1 auto; min-height: 36px; padding: 0.15em 0.8em; }\n  form.composer { padding-top: 0.4em; padding-bottom: 0.4em; }\n  form.composer textarea { min-height: 44px; }\n  .alert { max-height: 30vh; }\n}\n\n@media (prefers-reduced-motion: no-preference) {\n  .panel { animation: lic-in 0.15s ease-out; }\n  @keyframes lic-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }\n}\n\n@media (forced-colors: active) {\n  .msg .bubble, .card, .alert, .status { border: 1px solid CanvasText; }\n  :focus-visible { outline: 3px solid Highlight; box-shadow: none; }\n  /* System colours then, but the urgent control and the numbers to call keep a heavy outline. */\n  .tools button.urgent-now { border: 3px solid ButtonText; }\n  .card.urgent-help { border-width: 3px; }\n  .card.urgent-help h3 { border-bottom: 2px solid CanvasText; }\n  .card.urgent-help .route { border-left: 5px solid CanvasText; }\n  .card.urgent-help a.phone { border: 3px solid LinkText; }\n  .msg.note.urgent { border-left-color: CanvasText; }\n  /* The picture in system colours: the branch taken is filled with Highlight, the others dashed outlines. */\n  .diagram-svg { forced-color-adjust: none; }\n  .diagram-svg text { fill: CanvasText; }\n  .diagram-svg text.on { fill: HighlightText; }\n  .diagram-svg text.d-muted { fill: CanvasText; }\n  .diagram-svg .d-box, .diagram-svg .d-chip, .diagram-svg .d-dot, .diagram-svg .d-end { fill: Canvas; stroke: CanvasText; }\n  .diagram-svg .d-chip.on, .diagram-svg .d-dot.on { fill: Highlight; stroke: CanvasText; }\n  .diagram-svg .d-arrow { stroke: CanvasText; }\n  .diagram-svg .d-arrow-head { fill: CanvasText; }\n}\n\n@media print {\n  .launcher, .panel { display: none !important; }\n}\n\n/* The clinical review status of a content item, under its sources. */\n.sources .review-line { margin: 0.35em 0 0; font-size: 0.9em; font-style: italic; }\n";
/* Patient-information chat widget for the Rasa `socketio` channel.
 *
 * Source file: web/build.py wraps it, with the CSS and the vendored Socket.IO client, into web/widget.js,
 * inside one private function scope. `io` and `WIDGET_CSS` below come from that wrapper. The only
 * global it defines is `window.LungInfoChat`. Embedding and options: web/EMBED.md.
 *
 * Safety rules kept here:
 *  - every bot text is escaped: it is built with DOM nodes and textContent, never innerHTML; only
 *    **bold**, line breaks, "- " bullet lists and https links are turned into markup;
 *  - a custom payload is never shown raw: known ones (ask, assessment with its diagram, alert, urgent_help,
 *    summary, content, forget) are rendered, unknown ones are ignored;
 *  - the assessment's picture (diagram.svg) is parsed as image/svg+xml and rebuilt from an allow-list of
 *    SVG elements and attributes (importSvg), never inserted as markup;
 *  - the session id is random (crypto.getRandomValues), never derived from anything about the person.
 */
/* global io, WIDGET_CSS */
"use strict";

var VERSION = "1.0.0";
var STORE_PREFIX = "lungInfoChat:v1:";
var MAX_ITEMS = 400;
// What the "I feel unwell now" control sends, as a quick reply would; the server answers with urgent_help.
var URGENT_PAYLOAD = "/urgent_help";

var STRINGS = {
  en: {
    launcher: "Questions about treatment? Chat with us",
    launcherShort: "Chat",
    defaultTitle: "Lung cancer information assistant",
    close: "Close chat",
    intro: "Hello. I give general information about local treatments (surgery, targeted radiotherapy, " +
      "ablation) for non-small cell lung cancer that has spread to a few places.\n\n" +
      "You can tell me your situation in your own words, or ask a question. I am not a doctor and I " +
      "do not know your medical records. If you feel very unwell, call your emergency number or your " +
      "acute oncology line now.",
    inputLabel: "Your message",
    inputHint: "Please do not type your name, date of birth or hospital number.",
    send: "Send",
    you: "You said:",
    bot: "Assistant:",
    typing: "The assistant is writing…",
    connecting: "Connecting to the assistant…",
    offline: "Cannot reach the assistant at the moment. Trying again automatically.",
    offlineSend: "Not connected: your message has not been sent. It is still in the box.",
    retry: "Try again now",
    back: "Connected again.",
    download: "Download summary for my appointment",
    downloadShort: "Download summary",
    downloadTail: " for my appointment",
    restart: "Start again",
    restartQuestion: "Start again? This clears the conversation from this device.",
    restartYes: "Yes, start again",
    restartNo: "Cancel",
    cleared: "The conversation was cleared. You can start again.",
    suggested: "Suggested answers",
    sources: "Sources:",
    newTab: "(opens in a new tab)",
    alertHeading: { emergency: "Emergency: get help now", urgent: "Urgent: contact your team today",
      crisis: "You do not have to cope alone: support is available now" },
    showLess: "Show less", showMore: "Show all",
    urgent: {
      button: "I feel unwell now",
      title: "If you feel unwell now",
      call: "Call",
      ifAny: "If you have any of these:",
      offline: "Not connected to the assistant. If you feel very unwell, call your emergency number or your " +
        "acute oncology line now."
    },
    card: {
      title: "Your situation, as I understood it",
      category: "Your situation",
      definition: "Does it fit the definition of a few spots (oligometastatic)?",
      defYes: "Yes, it fits the definition (up to 5 spots in up to 3 organs).",
      defNo: "No, there are more spots or places than the definition allows.",
      defUnknown: "Not known yet: some facts are missing.",
      defNA: "Does not apply.",
      counts: "What was counted",
      outside: function (n) { return n === 1 ? "1 spot outside the lung and brain" : n + " spots outside the lung and brain"; },
      brain: function (n) { return n === 0 ? "no spots in the brain" : n === 1 ? "1 spot in the brain" : n + " spots in the brain"; },
      organs: function (n) { return n === 1 ? "1 organ with spread" : n + " organs with spread"; },
      local: "Local treatments discussed",
      localNone: "None for this situation.",
      trial: "Clinical trial pre-screen",
      trialWords: { possible: "Possible", unlikely: "Unlikely", unknown: "Unknown" },
      trialTail: " (only the trial team decides who can take part).",
      sources: "Sources",
      note: "General information, not medical advice. Your own team decides with you.",
      diagram: "Where your situation fits",
      diagramWords: "The picture in words"
    },
    categories: {
      synchronous_oligometastatic: "A few spots found at the same time as the lung cancer (synchronous oligometastatic disease)",
      metachronous_oligorecurrence: "A few spots that came back later, while not on drug treatment (oligorecurrence)",
      metachronous_oligoprogression: "A few spots that appeared later, while on drug treatment (oligoprogression)",
      repeat_oligorecurrence: "A few spots again, after spots were treated before, while not on drug treatment (repeat oligorecurrence)",
      repeat_oligoprogression: "A few spots growing again during drug treatment, after spots were treated before (repeat oligoprogression)",
      repeat_oligopersistence: "A few spots still there but not growing during drug treatment, after spots were treated before (repeat oligopersistence)",
      induced_oligorecurrence: "A few spots after cancer that was once widespread, while not on drug treatment (induced oligorecurrence)",
      induced_oligoprogression: "A few spots growing during drug treatment, after cancer that was once widespread (induced oligoprogression)",
      induced_oligopersistence: "A few spots left after drug treatment shrank cancer that was once widespread (induced oligopersistence)",
      polymetastatic: "Cancer in more places than the definition of a few spots allows (polymetastatic disease)",
      not_metastatic: "Cancer that has not spread to distant parts of the body (stage 1 to 3)",
      not_nsclc: "A type of cancer this service does not cover",
      undetermined: "Not possible to place yet, because some key facts are not known"
    },
    treatments: { surgery: "Surgery", radiotherapy: "Targeted radiotherapy (for example SBRT)",
      ablation: "Ablation (destroying a spot with heat or cold)", salvage_surgery: "Salvage surgery" },
    summaryReady: "Your summary for your appointment is ready.",
    file: {
      title: "My questions for my appointment",
      made: "Made on",
      told: "What I told the assistant",
      situation: "My situation, as the assistant understood it",
      questionsTeam: "Questions to ask my team",
      asked: "Questions I asked the assistant",
      contact: "Contact",
      clinic: "Clinic",
      reasons: "Why the assistant placed it there",
      picture: "The path through the classification",
      sources: "Sources of the information shown",
      review: "Review status:",
      forClinician: "For the clinical team: this page was made by a patient-information assistant from what the patient typed. " +
        "It uses the ESTRO/EORTC classification (Guckenberger et al., Lancet Oncol 2020) and the EORTC count definition " +
        "(Dingemans et al., J Thorac Oncol 2019). Please check the facts with the patient.",
      note: "General information from an information service, not medical advice.",
      empty: "Nothing yet: tell the assistant about your situation or ask a question first."
    },
    downloaded: "The summary file was downloaded."
  }
};

/* ------------------------------------------------------------------ helpers */

function randomId() {
  var bytes = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(bytes);
  var out = "";
  for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  if (attrs) {
    for (var key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] == null || attrs[key] === false) continue;
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
    }
  }
  (children || []).forEach(function (c) {
    if (c == null) return;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}

var SVG_NS = "http://www.w3.org/2000/svg";
function icon(pathD) {
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  var path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", pathD);
  path.setAttribute("fill", "currentColor");
  svg.appendChild(path);
  return svg;
}
var ICON_CHAT = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9H7zm0-3v2h10V6H7zm0 6v2h7v-2H7z";
var ICON_WARN = "M12 2 1 21h22L12 2zm1 15h-2v2h2v-2zm0-8h-2v6h2V9z";
// A six-armed medical star (urgent help) and a mobile phone (a number to call).
var ICON_URGENT = "M10 3L14 3L14 8.54L18.79 5.77L20.79 9.23L16 12L20.79 14.77L18.79 18.23L14 15.46L14 21L10 21" +
  "L10 15.46L5.21 18.23L3.21 14.77L8 12L3.21 9.23L5.21 5.77L10 8.54z";
var ICON_PHONE = "M8 1h8a2 2 0 0 1 2 2v18a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2zm0 3v14h8V4H8z";

/* The assessment's picture (bot/diagram.py). The server's SVG text is parsed as image/svg+xml, never as
   HTML, and only allowed SVG elements and attributes are copied into new nodes: no script, no style, no
   links, no event handlers, no references (url(), href). Returns an <svg> element, or null. */
var SVG_ELEMENTS = { svg: 1, g: 1, rect: 1, line: 1, path: 1, circle: 1, text: 1, tspan: 1 };
var SVG_NUMBERS = /^-?[0-9.]+(?:[\s,]+-?[0-9.]+)*$/;
var SVG_ATTRS = {
  viewBox: SVG_NUMBERS, width: SVG_NUMBERS, height: SVG_NUMBERS, x: SVG_NUMBERS, y: SVG_NUMBERS,
  x1: SVG_NUMBERS, y1: SVG_NUMBERS, x2: SVG_NUMBERS, y2: SVG_NUMBERS, rx: SVG_NUMBERS, ry: SVG_NUMBERS,
  r: SVG_NUMBERS, cx: SVG_NUMBERS, cy: SVG_NUMBERS, dx: SVG_NUMBERS, dy: SVG_NUMBERS,
  "stroke-width": SVG_NUMBERS, "stroke-dasharray": SVG_NUMBERS, "font-size": SVG_NUMBERS,
  d: /^[MLHVZmlhvz0-9.\s,-]+$/, "class": /^[a-z][a-z0-9 -]*$/,
  fill: /^(#[0-9a-fA-F]{3,6}|none)$/, stroke: /^(#[0-9a-fA-F]{3,6}|none)$/,
  "font-weight": /^(normal|bold)$/, "text-anchor": /^(start|middle|end)$/
};
function importSvg(markup) {
  var doc;
  try { doc = new DOMParser().parseFromString(String(markup || ""), "image/svg+xml"); } catch (e) { return null; }
  var root = doc && doc.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg" ||
      doc.getElementsByTagName("parsererror").length) return null;
  var count = 0;
  function copy(src) {
    if (++count > 2000) return null;
    if (src.nodeType === 3) return document.createTextNode(src.nodeValue);
    if (src.nodeType !== 1 || src.namespaceURI !== SVG_NS || !SVG_ELEMENTS[src.localName]) return null;
    var out = document.createElementNS(SVG_NS, src.localName);
    for (var i = 0; i < src.attributes.length; i++) {
      var a = src.attributes[i];
      var rule = Object.prototype.hasOwnProperty.call(SVG_ATTRS, a.name) ? SVG_ATTRS[a.name] : null;
      if (rule && !a.namespaceURI && rule.test(a.value)) out.setAttribute(a.name, a.value);
    }
    for (var c = src.firstChild; c; c = c.nextSibling) {
      var child = copy(c);
      if (child) out.appendChild(child);
    }
    return out;
  }
  var svg = copy(root);
  if (!svg) return null;
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("focusable", "false");
  return svg;
}

/* The diagram payload with only what the card shows: the title, the sentences, the SVG text. */
function cleanDiagram(d) {
  if (!isObject(d)) return null;
  var steps = (Array.isArray(d.steps) ? d.steps : []).map(str).filter(Boolean);
  if (!steps.length && str(d.text)) steps = [str(d.text)];
  if (!steps.length) return null;
  return { title: str(d.title), steps: steps, svg: typeof d.svg === "string" ? d.svg : "" };
}

function safeHttpsUrl(raw) {
  try {
    var u = new URL(String(raw));
    return u.protocol === "https:" ? u.href : null;
  } catch (e) {
    return null;
  }
}

function doiUrl(doi) {
  var d = String(doi || "").trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, "").replace(/^doi:\s*/i, "");
  if (!/^10\.\d{4,9}\/\S+$/.test(d)) return null;
  return "https://doi.org/" + d.split("/").map(encodeURIComponent).join("/");
}

function link(href, label, newTabText) {
  return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" },
    [label, el("span", { className: "sr-only", text: " " + newTabText })]);
}

/* Inline formatting: **bold**, [label](https://...) and bare https:// links. Everything else is text. */
var INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\((https:\/\/[^\s)]+)\)|(https:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
function inline(parent, text, s) {
  var last = 0;
  var m;
  INLINE.lastIndex = 0;
  while ((m = INLINE.exec(text)) !== null) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) {
      parent.appendChild(el("strong", { text: m[1] }));
    } else {
      var href = safeHttpsUrl(m[3] || m[4]);
      if (href) parent.appendChild(link(href, m[2] || m[4], s.newTab));
      else parent.appendChild(document.createTextNode(m[0]));
    }
    last = INLINE.lastIndex;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

var BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
function formatText(text, s) {
  var frag = document.createDocumentFragment();
  var blocks = String(text).replace(/\r\n?/g, "\n").split(/\n{2,}/);
  blocks.forEach(function (block) {
    var lines = block.split("\n");
    var para = null;
    var list = null;
    lines.forEach(function (line) {
      if (BULLET.test(line)) {
        para = null;
        if (!list) { list = el("ul"); frag.appendChild(list); }
        var li = el("li");
        inline(li, line.replace(BULLET, ""), s);
        list.appendChild(li);
      } else if (line.trim() === "") {
        para = null; list = null;
      } else {
        list = null;
        if (para) para.appendChild(el("br"));
        else { para = el("p"); frag.appendChild(para); }
        inline(para, line, s);
      }
    });
  });
  return frag;
}

function plainText(text) {
  /* The text of a bot message without the formatting marks (for the summary file). */
  return String(text).replace(/\*\*([^*\n]+?)\*\*/g, "$1").replace(/\[([^\]\n]+)\]\((https:\/\/[^\s)]+)\)/g, "$1 ($2)");
}

function escapeHtml(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

function str(x) { return typeof x === "string" ? x.trim() : ""; }

/* A tel: address from a phone number as written ("0100 000 0002", "+44 (0)100 000 0002"), or null. */
function telUrl(phone) {
  var digits = String(phone || "").replace(/^(\s*\+\d+)\s*\(0\)/, "$1").replace(/[\s().\-\u00a0]/g, "");
  return /^\+?\d{2,15}$/.test(digits) ? "tel:" + digits : null;
}

/* The urgent_help payload with only the fields the card shows, as plain strings. */
function cleanUrgent(u, s) {
  var routes = (Array.isArray(u.routes) ? u.routes : []).filter(isObject).map(function (r) {
    return { call: str(r.call), phone: str(r.phone),
      symptoms: (Array.isArray(r.symptoms) ? r.symptoms : []).map(str).filter(Boolean) };
  }).filter(function (r) { return r.call || r.phone; });
  return { title: str(u.title) || s.urgent.title, intro: str(u.intro), routes: routes, closing: str(u.closing) };
}

/* Whether a bot text only repeats the urgent card (its plain-text twin, which Rasa's socketio channel emits
   just before the custom payload, one emit per paragraph): nearly all its words are the card's words. */
function wordsOf(t) { return String(t).toLowerCase().split(/[^0-9a-z\u00c0-\u024f&+]+/).filter(Boolean); }
function cardWords(u, s) {
  var vocab = Object.create(null);
  var texts = [u.title, u.intro, u.closing, s.urgent.call, s.urgent.ifAny];
  u.routes.forEach(function (r) { texts.push(r.call, r.phone); texts.push.apply(texts, r.symptoms); });
  texts.forEach(function (t) { wordsOf(t).forEach(function (w) { vocab[w] = true; }); });
  return vocab;
}
function repeatsCard(text, vocab) {
  var words = wordsOf(text);
  var known = words.filter(function (w) { return vocab[w] === true; }).length;
  return words.length > 0 && known / words.length >= 0.8;
}

function storageFor(kind) {
  var name = kind === "session" ? "sessionStorage" : kind === "none" ? null : "localStorage";
  var backing = null;
  try {
    if (name) {
      backing = window[name];
      backing.setItem(STORE_PREFIX + "probe", "1");
      backing.removeItem(STORE_PREFIX + "probe");
    }
  } catch (e) {
    backing = null;
  }
  var memory = {};
  return {
    get: function (key) {
      try {
        var raw = backing ? backing.getItem(STORE_PREFIX + key) : memory[key];
        return raw == null ? null : JSON.parse(raw);
      } catch (e) { return null; }
    },
    set: function (key, value) {
      var raw = JSON.stringify(value);
      try { if (backing) backing.setItem(STORE_PREFIX + key, raw); else memory[key] = raw; } catch (e) { memory[key] = raw; }
    },
    remove: function (key) {
      try { if (backing) backing.removeItem(STORE_PREFIX + key); } catch (e) { /* ignore */ }
      delete memory[key];
    }
  };
}

/* ------------------------------------------------------------------ transport */

/* The Socket.IO transport for Rasa's `socketio` channel. A transport gets `hooks` (sessionId(),
   state(name), message(data)) and returns {connect, send, retry, newSession, close}. Tests may pass
   their own factory as the `transport` option to LungInfoChat.mount(). send(text, done) calls `done` once
   the server has finished the turn, after the turn's last message(data): here the Socket.IO
   acknowledgement, which python-socketio sends when the channel's handler returns, i.e. after it emitted
   every reply of the turn on the same connection (a transport that never calls it leaves the turn busy). */
function socketIoTransport(config, hooks) {
  var target = new URL(config.server, window.location.href);
  var basePath = target.pathname.replace(/\/+$/, "");
  var socket = io(target.origin, {
    path: config.socketPath || basePath + "/socket.io/",
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    autoConnect: false,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
    timeout: 8000
  });
  var confirmTimer = null;
  function requestSession() {
    socket.emit("session_request", { session_id: hooks.sessionId() });
    clearTimeout(confirmTimer);
    // A server without session persistence may never confirm; messages still flow, so do not hang.
    confirmTimer = setTimeout(function () { if (socket.connected) hooks.state("ready"); }, 3000);
  }
  socket.on("connect", function () { hooks.state("connecting"); requestSession(); });
  socket.on("session_confirm", function () { clearTimeout(confirmTimer); hooks.state("ready"); });
  socket.on(config.botEvent, function (data) { hooks.message(data); });
  socket.on("connect_error", function () { hooks.state("offline"); });
  socket.on("disconnect", function (reason) {
    clearTimeout(confirmTimer);
    hooks.state(reason === "io client disconnect" ? "idle" : "offline");
  });
  return {
    connect: function () { hooks.state("connecting"); socket.connect(); },
    send: function (text, done) {
      socket.emit(config.userEvent, { message: text, session_id: hooks.sessionId() }, function () { if (done) done(); });
    },
    retry: function () { socket.disconnect(); hooks.state("connecting"); socket.connect(); },
    newSession: function () { if (socket.connected) requestSession(); },
    close: function () { clearTimeout(confirmTimer); socket.disconnect(); }
  };
}

/* ------------------------------------------------------------------ widget */

function Widget(options) {
  this.opt = options;
  var lang = String(options.lang || "en").toLowerCase().split("-")[0];
  this.lang = STRINGS[lang] ? lang : "en";
  this.s = STRINGS[this.lang];
  this.title = options.title || this.s.defaultTitle;
  var key = String(options.storageKey || new URL(options.server, window.location.href).origin);
  this.keys = { session: key + ":session", items: key + ":items", open: key + ":open" };
  this.store = storageFor(options.storage || "local");
  this.openState = storageFor("session");
  this.items = this.store.get(this.keys.items) || [];
  if (!Array.isArray(this.items)) this.items = [];
  this.sessionId = this.store.get(this.keys.session);
  if (typeof this.sessionId !== "string" || !/^[0-9a-f]{32}$/.test(this.sessionId)) {
    this.sessionId = randomId();
    this.store.set(this.keys.session, this.sessionId);
  }
  this.state = "idle";
  this.everReady = false;
  this.turnTexts = [];
  this.transport = null;
  this.nodes = new WeakMap();  // item -> its node in the log (to take a repeated text away again)
  // Turns sent and not yet finished by the server; `turnEpoch` changes when a lost connection drops them.
  this.pendingTurns = 0;
  this.turnsDone = 0;
  this.turnEpoch = 0;
  this.build();
  this.renderAll();
  this.save();
  if (options.open || this.openState.get(this.keys.open)) this.open(false);
}

Widget.prototype.build = function () {
  var s = this.s;
  var self = this;
  // An undefined custom element name: host page rules for `div` do not match it, and nothing is registered.
  this.host = el("lung-info-chat", { "data-lung-info-chat": VERSION });
  var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;
  this.root = root;
  // A constructed stylesheet passes a strict Content-Security-Policy (no 'unsafe-inline' for styles).
  var sheet = null;
  try {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
      root.adoptedStyleSheets = [sheet];
    }
  } catch (e) { sheet = null; }
  if (!sheet) root.appendChild(el("style", { text: WIDGET_CSS }));
  var uid = "lic-" + randomId().slice(0, 8);

  this.launcher = el("button", {
    type: "button", className: "launcher", "aria-expanded": "false", "aria-controls": uid + "-panel",
    onclick: function () { self.open(true); }
  }, [icon(ICON_CHAT), el("span", { text: this.opt.launcherLabel || s.launcher })]);

  this.closeBtn = el("button", { type: "button", className: "close", "aria-label": s.close, text: "✕",
    onclick: function () { self.close(true); } });
  // A plain div, not <header>: inside the host page a second banner landmark would be announced as the page's.
  var header = el("div", { className: "bar" }, [
    el("div", { className: "titles" }, [
      el("h2", { id: uid + "-title", text: this.title }),
      this.opt.clinic ? el("p", { text: this.opt.clinic }) : null
    ]),
    this.closeBtn
  ]);

  // On narrow screens the end of the label is visually hidden (it stays in the accessible name).
  this.downloadBtn = el("button", { type: "button", className: "download",
    onclick: function () { self.downloadSummary(); } }, [s.downloadShort, el("span", { className: "long", text: s.downloadTail })]);
  this.restartBtn = el("button", { type: "button", className: "restart", text: s.restart,
    "aria-expanded": "false", "aria-controls": uid + "-confirm",
    onclick: function () { self.askRestart(); } });
  // "I feel unwell now": always on screen while the panel is open (outside the scrolling log), first after
  // the header. A line of its own; in short viewports it shares the line with the other tools.
  this.urgentBtn = el("button", { type: "button", className: "urgent-now", "data-payload": URGENT_PAYLOAD,
    onclick: function () { self.urgentHelp(); } }, [icon(ICON_URGENT), el("span", { text: s.urgent.button })]);
  var tools = el("div", { className: "tools" }, [this.urgentBtn, this.downloadBtn, this.restartBtn]);

  this.confirmYes = el("button", { type: "button", className: "primary", text: s.restartYes,
    onclick: function () { self.restart(); } });
  this.confirmNo = el("button", { type: "button", text: s.restartNo, onclick: function () { self.hideRestart(true); } });
  this.confirmBox = el("div", { className: "confirm", id: uid + "-confirm", hidden: true }, [
    el("p", { text: s.restartQuestion }), el("div", { className: "row" }, [this.confirmYes, this.confirmNo])
  ]);

  this.statusText = el("p");
  this.retryBtn = el("button", { type: "button", className: "retry", text: s.retry,
    onclick: function () { if (self.transport) self.transport.retry(); } });
  this.statusBox = el("div", { className: "status", "data-state": "idle", hidden: true }, [this.statusText, this.retryBtn]);
  // Announcements of connection changes and of sending problems (polite; the alert banner is assertive).
  this.announcer = el("div", { className: "sr-only", role: "status", "aria-live": "polite" });

  this.alertBox = el("div", { className: "alerts" });
  this.log = el("div", { className: "log", role: "log", "aria-label": this.title, tabindex: "0" });
  // WCAG 2.2 2.4.11: a control focused in the log is scrolled fully into the log's view, so the message box
  // below the log never hides it.
  this.log.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t && t !== self.log && t.scrollIntoView) t.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  this.typing = el("p", { className: "typing", hidden: true, text: s.typing });

  this.input = el("textarea", { id: uid + "-input", rows: "2", autocomplete: "off", "aria-describedby": uid + "-hint",
    enterkeyhint: "send" });
  this.sendBtn = el("button", { type: "submit", className: "primary send", text: s.send });
  this.form = el("form", { className: "composer", novalidate: true }, [
    el("label", { "for": uid + "-input", text: s.inputLabel }),
    el("div", { className: "row" }, [this.input, this.sendBtn]),
    el("p", { className: "hint", id: uid + "-hint", text: s.inputHint })
  ]);
  this.form.addEventListener("submit", function (e) { e.preventDefault(); self.submit(); });
  this.input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); self.submit(); }
  });

  this.panel = el("div", {
    className: "panel", id: uid + "-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": uid + "-title", lang: this.lang, hidden: true
  }, [header, tools, this.confirmBox, this.statusBox, this.alertBox, this.log, this.typing, this.form, this.announcer]);
  this.panel.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    e.stopPropagation();
    if (!self.confirmBox.hidden) self.hideRestart(true);
    else self.close(true);
  });

  var wrap = el("div", { className: this.opt.position === "left" ? "wrap left" : "wrap", lang: this.lang },
    [this.launcher, this.panel]);
  root.appendChild(wrap);
  this.wrap = wrap;
  this.markTurn("idle");
  (document.body || document.documentElement).appendChild(this.host);
};

/* ---------------- open / close / connection */

Widget.prototype.open = function (focus) {
  this.panel.hidden = false;
  this.launcher.hidden = true;
  this.launcher.setAttribute("aria-expanded", "true");
  this.openState.set(this.keys.open, true);
  this.ensureTransport();
  this.scrollToEnd();
  if (focus) this.input.focus();
};

Widget.prototype.close = function (focus) {
  this.panel.hidden = true;
  this.launcher.hidden = false;
  this.launcher.setAttribute("aria-expanded", "false");
  this.openState.remove(this.keys.open);
  if (focus) this.launcher.focus();
};

Widget.prototype.ensureTransport = function () {
  if (this.transport) return;
  var self = this;
  var factory = this.opt.transport || socketIoTransport;
  this.transport = factory({
    server: this.opt.server, socketPath: this.opt.socketPath,
    userEvent: this.opt.userEvent || "user_uttered", botEvent: this.opt.botEvent || "bot_uttered"
  }, {
    sessionId: function () { return self.sessionId; },
    state: function (name) { self.setState(name); },
    message: function (data) { self.receive(data); }
  });
  this.transport.connect();
  // Say so if the first connection takes long, even before the client gives up on it.
  this.slowTimer = setTimeout(function () { if (self.state === "connecting" && !self.everReady) self.setState("offline"); }, 6000);
};

Widget.prototype.setState = function (name) {
  var s = this.s;
  var previous = this.state;
  this.state = name;
  this.statusBox.setAttribute("data-state", name);
  this.host.setAttribute("data-state", name);
  this.statusBox.classList.remove("ok");
  if (name === "ready") {
    clearTimeout(this.slowTimer);
    if (previous === "offline" && this.everReady) {
      this.statusText.textContent = s.back;
      this.statusBox.classList.add("ok");
      this.retryBtn.hidden = true;
      this.statusBox.hidden = false;
      this.announce(s.back);
      var box = this.statusBox;
      clearTimeout(this.okTimer);
      this.okTimer = setTimeout(function () { box.hidden = true; }, 4000);
    } else {
      this.statusBox.hidden = true;
    }
    this.everReady = true;
  } else if (name === "offline") {
    this.dropTurns();
    this.typing.hidden = true;
    this.statusText.textContent = s.offline;
    this.retryBtn.hidden = false;
    this.statusBox.hidden = false;
    if (previous !== "offline") this.announce(s.offline);
  } else if (name === "connecting") {
    if (previous !== "offline") {
      this.statusText.textContent = s.connecting;
      this.retryBtn.hidden = true;
      this.statusBox.hidden = this.everReady;
      if (!this.everReady) this.statusBox.hidden = false;
    }
  } else {
    this.statusBox.hidden = true;
  }
};

Widget.prototype.announce = function (text) {
  var a = this.announcer;
  a.textContent = "";
  setTimeout(function () { a.textContent = text; }, 50);
};

/* ---------------- sending */

Widget.prototype.submit = function () {
  var text = this.input.value.trim();
  if (!text) { this.input.focus(); return; }
  if (this.sendText(text, text)) this.input.value = "";
  this.input.focus();
};

/* The "I feel unwell now" control: sends its payload as a quick reply does. Offline, it still says what to do. */
Widget.prototype.urgentHelp = function () {
  var s = this.s;
  if (this.state !== "ready") {
    if (this.state !== "connecting") this.setState("offline");
    var last = this.items[this.items.length - 1];
    if (last && last.t === "note" && last.urgent) this.announce(s.urgent.offline);
    else this.add({ t: "note", text: s.urgent.offline, urgent: true });
    return;
  }
  if (this.sendText(URGENT_PAYLOAD, s.urgent.button)) this.input.focus();
};

/* Sends `payload` to the bot and shows `shown` as the person's message. Returns false when offline. */
Widget.prototype.sendText = function (payload, shown) {
  if (this.state !== "ready") {
    this.announce(this.s.offlineSend);
    if (this.state !== "connecting") this.setState("offline");
    return false;
  }
  this.clearReplies();
  this.turnTexts = [];
  this.add({ t: "user", text: shown });
  this.startTurn();
  this.transport.send(payload, this.turnCallback());
  this.typing.hidden = false;
  this.scrollToEnd();
  var self = this;
  clearTimeout(this.typingTimer);
  this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, 30000);
  return true;
};

/* ---------------- the turn marker

   The widget's root element in the shadow root (.wrap) says where the current turn is, for tests and for a
   host page that needs to know: data-turn="busy" from a message sent until the server has finished the
   turn and every reply of it has been rendered, then "done" (also "idle" before the first turn, "lost" when
   the connection dropped with a turn unfinished); data-turns counts the finished turns. */

Widget.prototype.markTurn = function (state) {
  this.wrap.setAttribute("data-turn", state);
  this.wrap.setAttribute("data-turns", String(this.turnsDone));
};

Widget.prototype.startTurn = function () {
  this.pendingTurns++;
  this.markTurn("busy");
};

/* The `done` callback of one send: counts once, and not at all if the connection was lost meanwhile. */
Widget.prototype.turnCallback = function () {
  var self = this;
  var epoch = this.turnEpoch;
  var called = false;
  return function () {
    if (called || epoch !== self.turnEpoch) return;
    called = true;
    self.pendingTurns--;
    self.turnsDone++;
    self.markTurn(self.pendingTurns > 0 ? "busy" : "done");
  };
};

Widget.prototype.dropTurns = function () {
  if (!this.pendingTurns) return;
  this.turnEpoch++;
  this.pendingTurns = 0;
  this.markTurn("lost");
};

/* ---------------- receiving */

Widget.prototype.receive = function (data) {
  if (!isObject(data)) {
    if (typeof data === "string" && data.trim()) data = { text: data };
    else return;
  }
  this.typing.hidden = true;
  clearTimeout(this.typingTimer);
  // Rasa's socketio channel emits a custom payload as the object itself; other channels nest it.
  var custom = isObject(data.custom) ? data.custom : isObject(data.data) ? data.data : data;
  var urgent = isObject(custom.urgent_help) ? cleanUrgent(custom.urgent_help, this.s) : null;
  // The card says it all: its plain-text twin is not shown as well, whether it came in the same message
  // (REST-style) or, from Rasa's socketio channel, as text emits just before.
  if (urgent) this.dropRepeats(urgent);
  if (typeof data.text === "string" && data.text.trim() && !urgent) {
    this.add({ t: "bot", text: data.text });
    this.turnTexts.push(data.text);
  }
  var buttons = data.quick_replies || data.buttons;
  if (Array.isArray(buttons) && buttons.length) this.setReplies(buttons);
  if (typeof custom.text === "string" && custom !== data && custom.text.trim() && !urgent) {
    this.add({ t: "bot", text: custom.text });
    this.turnTexts.push(custom.text);
  }
  if (typeof custom.ask === "string" && Array.isArray(custom.options) && custom.options.length) {
    this.setReplies(custom.options, custom.ask);
  }
  if (isObject(custom.alert)) {
    var level = ["emergency", "urgent", "crisis"].indexOf(custom.alert.level) >= 0 ? custom.alert.level : "emergency";
    this.add({ t: "alert", level: level, texts: this.turnTexts.slice() });
  }
  if (isObject(custom.assessment)) {
    this.add({ t: "assessment", data: custom.assessment, diagram: cleanDiagram(custom.diagram) });
  }
  if (urgent) {
    var card = { t: "urgent", data: urgent };
    this.addBeforeReplies(card);
    this.scrollToStart(this.nodes.get(card));  // the first (most urgent) route, not the end of a tall card
  }
  // An alert's words are the texts just before it: a question or a card in between starts over.
  if (custom.ask || custom.assessment || custom.summary || custom.content || custom.alert || urgent) this.turnTexts = [];
  if (isObject(custom.content) && Array.isArray(custom.content.citations) && custom.content.citations.length) {
    this.add({ t: "sources", citations: custom.content.citations,
               review: typeof custom.content.review === "string" ? custom.content.review : "" });
  }
  // A summary that comes with the assessment card needs no card of its own: the card has the download button.
  if (isObject(custom.summary)) this.add({ t: "summary", data: custom.summary, quiet: isObject(custom.assessment) });
  if (custom.forget === true) this.forget();
};

/* Removes the bot texts at the end of the conversation that only repeat the urgent card `u`: the run of
   them just before it, from the first with the card's title on (the twin starts with it) if there is one. */
Widget.prototype.dropRepeats = function (u) {
  var items = this.items;
  var vocab = cardWords(u, this.s);
  var title = wordsOf(u.title).join(" ");
  var end = items.length;
  if (end && items[end - 1].t === "replies") end--;
  var start = end;
  var titled = -1;
  while (start > 0 && items[start - 1].t === "bot" && repeatsCard(items[start - 1].text, vocab)) {
    start--;
    if (title && (" " + wordsOf(items[start].text).join(" ") + " ").indexOf(" " + title + " ") >= 0) titled = start;
  }
  if (titled >= 0) start = titled;
  if (start === end) return;
  var self = this;
  items.splice(start, end - start).forEach(function (item) {
    var node = self.nodes.get(item);
    if (node && node.parentNode) node.parentNode.removeChild(node);
    var at = self.turnTexts.lastIndexOf(item.text);
    if (at >= 0) self.turnTexts.splice(at, 1);
  });
  this.save();
};

/* Adds an item, keeping quick replies (if any) last, next to the message box. */
Widget.prototype.addBeforeReplies = function (item) {
  var last = this.items[this.items.length - 1];
  if (!last || last.t !== "replies") { this.add(item); return; }
  this.items.pop();
  var node = this.nodes.get(last);
  this.add(item);
  this.items.push(last);
  this.save();
  if (node) this.log.appendChild(node);
};

Widget.prototype.setReplies = function (options, ask) {
  var clean = [];
  options.forEach(function (o) {
    if (!isObject(o)) return;
    var title = typeof o.title === "string" ? o.title : null;
    var payload = typeof o.payload === "string" ? o.payload : title;
    if (title && payload) clean.push({ title: title, payload: payload });
  });
  if (!clean.length) return;
  this.clearReplies();
  this.add({ t: "replies", options: clean, ask: typeof ask === "string" ? ask : null });
};

/* Only the newest quick replies are offered: older ones (a "Did you mean…?" before the intake's question) go
   from the saved transcript as from the page, so a reload shows what the page showed. */
Widget.prototype.clearReplies = function () {
  var kept = this.items.filter(function (item) { return item.t !== "replies"; });
  if (kept.length !== this.items.length) {
    this.items = kept;
    this.save();
  }
  var nodes = this.log.querySelectorAll(".replies");
  for (var i = 0; i < nodes.length; i++) nodes[i].parentNode.removeChild(nodes[i]);
};

/* ---------------- transcript */

Widget.prototype.add = function (item) {
  this.items.push(item);
  if (this.items.length > MAX_ITEMS) this.items.splice(0, this.items.length - MAX_ITEMS);
  this.save();
  this.render(item, true);
  this.scrollToEnd();
};

Widget.prototype.save = function () {
  this.store.set(this.keys.items, this.items);
  // The summary needs something to summarise: the button appears with the first message or assessment.
  this.downloadBtn.hidden = !this.items.some(function (i) { return i.t === "user" || i.t === "assessment" || i.t === "summary"; });
};

Widget.prototype.renderAll = function () {
  this.log.removeAttribute("aria-live");
  this.log.textContent = "";
  this.alertBox.textContent = "";
  this.log.appendChild(this.renderIntro());
  for (var i = 0; i < this.items.length; i++) this.render(this.items[i], false);
  this.log.setAttribute("aria-live", "polite");
  this.log.setAttribute("aria-relevant", "additions");
};

Widget.prototype.renderIntro = function () {
  var text = this.opt.greeting || this.s.intro;
  return el("div", { className: "msg bot intro" }, [
    el("span", { className: "sr-only", text: this.s.bot + " " }),
    el("div", { className: "bubble" }, [formatText(text, this.s)])
  ]);
};

Widget.prototype.render = function (item, live) {
  var s = this.s;
  var node = null;
  if (item.t === "user" || item.t === "bot") {
    node = el("div", { className: "msg " + item.t }, [
      el("span", { className: "sr-only", text: (item.t === "user" ? s.you : s.bot) + " " }),
      item.t === "bot" ? el("div", { className: "bubble" }, [formatText(item.text, s)])
        : el("div", { className: "bubble plain", text: item.text })
    ]);
  } else if (item.t === "replies") {
    var self = this;
    node = el("div", { className: "replies", role: "group", "aria-label": s.suggested, "data-ask": item.ask || null },
      item.options.map(function (o) {
        return el("button", { type: "button", text: o.title, "data-payload": o.payload,
          onclick: function () { if (self.sendText(o.payload, o.title)) self.input.focus(); } });
      }));
  } else if (item.t === "alert") {
    this.renderAlert(item, live);
  } else if (item.t === "assessment") {
    node = this.renderAssessment(item.data, item.diagram);
  } else if (item.t === "sources") {
    node = this.renderSources(item.citations, item.review);
  } else if (item.t === "summary" && !item.quiet) {
    node = this.renderSummaryReady();
  } else if (item.t === "urgent") {
    node = this.renderUrgent(item.data);
  } else if (item.t === "note") {
    node = el("p", { className: item.urgent ? "msg note urgent" : "msg note", text: item.text });
  }
  if (node) {
    this.nodes.set(item, node);
    this.log.appendChild(node);
  }
};

Widget.prototype.renderAlert = function (item, live) {
  var s = this.s;
  // One banner, the latest alert; it stays at the top of the panel while the conversation scrolls.
  this.alertBox.textContent = "";
  var text = el("div", { className: "text" });
  (item.texts || []).forEach(function (t) { text.appendChild(formatText(t, s)); });
  var toggle = el("button", { type: "button", className: "toggle", "aria-expanded": "true", text: s.showLess });
  toggle.addEventListener("click", function () {
    var collapsed = !text.hidden;
    text.hidden = collapsed;
    toggle.textContent = collapsed ? s.showMore : s.showLess;
    toggle.setAttribute("aria-expanded", String(!collapsed));
  });
  var banner = el("div", { className: "alert " + item.level, "data-level": item.level }, [
    el("h3", {}, [icon(ICON_WARN), el("span", { text: s.alertHeading[item.level] })]),
    text,
    (item.texts || []).length ? toggle : null
  ]);
  // role=alert only for a new alert, so a reload does not interrupt a screen reader again.
  if (live) banner.setAttribute("role", "alert");
  else { banner.setAttribute("role", "region"); banner.setAttribute("aria-label", s.alertHeading[item.level]); }
  this.alertBox.appendChild(banner);
};

function listOf(values, words) {
  return el("ul", {}, values.map(function (v) { return el("li", { text: words[v] || String(v).replace(/_/g, " ") }); }));
}

Widget.prototype.citationList = function (citations) {
  var s = this.s;
  var ul = el("ul");
  citations.forEach(function (c) {
    if (!isObject(c)) return;
    var label = String(c.label || c.title || c.doi || c.url || "");
    if (!label) return;
    var href = c.doi ? doiUrl(c.doi) : null;
    if (!href && c.url) href = safeHttpsUrl(c.url);
    ul.appendChild(el("li", {}, [href ? link(href, label, s.newTab) : label]));
  });
  return ul;
};

/* The picture of the path with its text alternative: a figure whose caption names the picture, and a
   disclosure ("The picture in words", reachable by keyboard) with the same steps as a list. */
Widget.prototype.renderDiagram = function (d) {
  var c = this.s.card;
  var uid = "lic-fig-" + randomId().slice(0, 6);
  var svg = d.svg ? importSvg(d.svg) : null;
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", uid);
    svg.setAttribute("class", "diagram-svg");
  }
  var details = el("details", { className: "words" }, [
    el("summary", { text: c.diagramWords }),
    el("ol", {}, d.steps.map(function (t) { return el("li", { text: t }); }))
  ]);
  return el("figure", { className: "diagram" }, [
    el("figcaption", { id: uid, text: d.title || c.diagram }),
    svg,
    details
  ]);
};

Widget.prototype.renderAssessment = function (a, diagram) {
  var s = this.s;
  var c = s.card;
  var self = this;
  var dl = el("dl");
  function row(term, value) {
    dl.appendChild(el("dt", { text: term }));
    dl.appendChild(el("dd", {}, [value]));
  }
  var category = typeof a.category_name === "string" ? a.category_name
    : s.categories[a.category] || s.categories.undetermined;
  row(c.category, el("span", { className: "verdict", text: category }));
  var notApplicable = a.category === "not_metastatic" || a.category === "not_nsclc";
  row(c.definition, el("span", { text: notApplicable ? c.defNA : a.within_definition === true ? c.defYes
    : a.within_definition === false ? c.defNo : c.defUnknown }));
  var counts = [];
  if (typeof a.metastasis_count === "number") counts.push(c.outside(a.metastasis_count));
  if (typeof a.brain_metastasis_count === "number") counts.push(c.brain(a.brain_metastasis_count));
  if (typeof a.organ_count === "number") counts.push(c.organs(a.organ_count));
  if (counts.length) row(c.counts, listOf(counts, {}));
  var local = Array.isArray(a.local_options) ? a.local_options.filter(function (x) { return typeof x === "string"; }) : [];
  row(c.local, local.length ? listOf(local, s.treatments) : el("span", { text: c.localNone }));
  if (!notApplicable || a.trial_prescreen) {
    var tp = c.trialWords[a.trial_prescreen] ? a.trial_prescreen : "unknown";
    row(c.trial, el("span", {}, [el("strong", { text: c.trialWords[tp] }), c.trialTail]));
  }
  if (Array.isArray(a.citations) && a.citations.length) row(c.sources, this.citationList(a.citations));
  var uid = "lic-card-" + randomId().slice(0, 6);
  // An article, not a named section: a section with a name is a region landmark, and two cards (a corrected
  // assessment) would make two landmarks with the same name (axe landmark-unique).
  return el("article", { className: "card assessment", "aria-labelledby": uid, "data-category": String(a.category || "") }, [
    el("h3", { id: uid, text: c.title }),
    el("div", { className: "body" }, [
      dl,
      diagram ? this.renderDiagram(diagram) : null,
      el("p", { className: "note", text: c.note }),
      el("button", { type: "button", className: "download", text: s.download, onclick: function () { self.downloadSummary(); } })
    ])
  ]);
};

/* The urgent_help card: who to call for which symptoms. Every string is text (textContent), never markup. */
Widget.prototype.renderUrgent = function (u) {
  var s = this.s;
  var uid = "lic-urgent-" + randomId().slice(0, 6);
  var body = el("div", { className: "body" });
  if (u.intro) body.appendChild(el("p", { className: "intro", text: u.intro }));
  u.routes.forEach(function (r, i) {
    var rid = uid + "-" + i;
    var tel = telUrl(r.phone);
    var phone = !r.phone ? null : tel
      ? el("a", { className: "phone", href: tel }, [icon(ICON_PHONE), el("span", { text: s.urgent.call + " " + r.phone })])
      : el("p", { className: "phone", text: r.phone });
    body.appendChild(el("div", { className: "route", role: "group", "aria-labelledby": rid }, [
      el("h4", { id: rid, className: "call", text: r.call || r.phone }),
      phone,
      r.symptoms.length ? el("p", { className: "lead", text: s.urgent.ifAny }) : null,
      r.symptoms.length ? el("ul", {}, r.symptoms.map(function (x) { return el("li", { text: x }); })) : null
    ]));
  });
  if (u.closing) body.appendChild(el("p", { className: "closing", text: u.closing }));
  return el("article", { className: "card urgent-help", "aria-labelledby": uid }, [
    el("h3", { id: uid }, [icon(ICON_URGENT), el("span", { text: u.title })]),
    body
  ]);
};

Widget.prototype.renderSources = function (citations, review) {
  // The item's clinical review status under its sources: "Reviewed by … on …" or "Not yet reviewed by a clinician".
  var parts = [el("span", { text: this.s.sources }), this.citationList(citations)];
  if (review) parts.push(el("p", { className: "review-line", text: review }));
  return el("div", { className: "msg bot sources" }, parts);
};

Widget.prototype.renderSummaryReady = function () {
  var self = this;
  return el("div", { className: "card summary-ready" }, [
    el("div", { className: "body" }, [
      el("p", { text: this.s.summaryReady }),
      el("button", { type: "button", className: "primary download", text: this.s.download,
        onclick: function () { self.downloadSummary(); } })
    ])
  ]);
};

Widget.prototype.scrollToEnd = function () {
  var log = this.log;
  log.scrollTop = log.scrollHeight;
};

/* Scrolls the log (only the log, never the host page) so that `node` starts at its top, if it is taller. */
Widget.prototype.scrollToStart = function (node) {
  if (!node || node.parentNode !== this.log) return;
  var log = this.log;
  var top = node.getBoundingClientRect().top - log.getBoundingClientRect().top;
  if (top < 0) log.scrollTop += top - 8;
};

/* ---------------- summary file */

Widget.prototype.latest = function (type) {
  for (var i = this.items.length - 1; i >= 0; i--) if (this.items[i].t === type) return this.items[i].data;
  return null;
};

Widget.prototype.latestItem = function (type) {
  for (var i = this.items.length - 1; i >= 0; i--) if (this.items[i].t === type) return this.items[i];
  return null;
};

/* The newest summary payload, completed from the newest earlier one with the same category (a later
   "how do I raise this" summary carries no sources) for the fields it lacks. */
Widget.prototype.summaryData = function () {
  var summaries = this.items.filter(function (i) { return i.t === "summary" && isObject(i.data); })
    .map(function (i) { return i.data; });
  var latest = summaries.length ? summaries[summaries.length - 1] : {};
  var out = {};
  for (var k in latest) if (Object.prototype.hasOwnProperty.call(latest, k)) out[k] = latest[k];
  ["reasons", "diagram", "sources", "category", "term"].forEach(function (key) {
    if (out[key] != null) return;
    for (var i = summaries.length - 1; i >= 0; i--) {
      var s = summaries[i];
      if (s[key] != null && (!out.situation || !s.situation || s.situation === out.situation)) { out[key] = s[key]; return; }
    }
  });
  return out;
};

/* The sanitised SVG of a diagram as markup for the summary file: what importSvg kept, serialised. */
function svgMarkup(d, label) {
  var svg = d && d.svg ? importSvg(d.svg) : null;
  if (!svg) return "";
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("class", "diagram-svg");
  return new XMLSerializer().serializeToString(svg);
}

var SUMMARY_CSS =
  "@page{size:A4;margin:16mm 15mm}" +
  "body{font-family:system-ui,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b;max-width:44em;margin:2em auto;padding:0 1em}" +
  "h1{font-size:1.55em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.3em 0 .4em;border-bottom:1px solid #999;break-after:avoid;page-break-after:avoid}" +
  "dl{margin:0}dt{font-weight:700;margin-top:.5em}dd{margin:0}.meta,.note,.review{color:#4a4a4a}.note{margin-top:1.6em;font-size:.9em}" +
  ".clinician{border:1px solid #999;padding:.5em .7em;font-size:.9em;margin:.8em 0}" +
  "li{margin:.2em 0}a{color:#0b4f8a;overflow-wrap:anywhere}.review{font-size:.9em;display:block}" +
  "h3{break-after:avoid;page-break-after:avoid}.picture{break-inside:avoid;page-break-inside:avoid}" +
  "figure{margin:.4em 0;break-inside:avoid;page-break-inside:avoid}figure svg{display:block;width:100%;max-width:22em;height:auto}" +
  ".sources li{break-inside:avoid;page-break-inside:avoid}" +
  ".d-box{fill:#f4f7fb;stroke:#6b6b6b}.d-chip{fill:#fff;stroke:#6b6b6b}.d-chip.on{fill:#0b4f8a;stroke:#0b4f8a}" +
  ".d-dot{fill:#fff;stroke:#0b4f8a}.d-dot.on{fill:#0b4f8a}.d-end{fill:#fff;stroke:#0b4f8a}" +
  "text{fill:#1b1b1b}text.on{fill:#fff}text.d-muted{fill:#4a4a4a}.d-arrow{stroke:#1b1b1b}.d-arrow-head{fill:#1b1b1b}" +
  "@media print{body{margin:0;max-width:none;font-size:11.5pt}a{color:#000}}";

Widget.prototype.summaryHtml = function () {
  var s = this.s;
  var f = s.file;
  var c = s.card;
  var summary = this.summaryData();
  var aItem = this.latestItem("assessment");
  var a = aItem ? aItem.data : null;
  var asked = this.items.filter(function (i) { return i.t === "user" && /\?/.test(i.text); })
    .map(function (i) { return i.text; });
  var parts = [];
  function list(items, tag) {
    tag = tag || "ul";
    return "<" + tag + ">" + items.map(function (x) { return "<li>" + escapeHtml(plainText(x)) + "</li>"; }).join("") + "</" + tag + ">";
  }
  function strings(x) { return Array.isArray(x) ? x.filter(function (v) { return typeof v === "string"; }) : []; }
  function citationHtml(ci) {
    if (!isObject(ci)) return "";
    var href = ci.doi ? doiUrl(ci.doi) : ci.url ? safeHttpsUrl(ci.url) : null;
    var label = escapeHtml(ci.label || ci.doi || "");
    return label + (href ? " — <a href=\"" + escapeHtml(href) + "\">" + escapeHtml(href) + "</a>" : "");
  }
  var title = typeof summary.title === "string" ? summary.title : f.title;
  var clinic = typeof summary.clinic === "string" ? summary.clinic : this.opt.clinic || "";
  var made = typeof summary.date_text === "string" && summary.date_text ? summary.date_text
    : new Date().toLocaleDateString(this.lang, { year: "numeric", month: "long", day: "numeric" });
  parts.push("<header><h1>" + escapeHtml(title) + "</h1>");
  parts.push("<p class=meta>" + (clinic ? escapeHtml(f.clinic + ": " + clinic) + " · " : "") + escapeHtml(f.made + " " + made) + "</p></header>");
  parts.push("<main>");
  if (strings(summary.what_i_told).length) parts.push("<h2>" + escapeHtml(f.told) + "</h2>" + list(strings(summary.what_i_told)));
  var situation = typeof summary.situation === "string" ? summary.situation : null;
  if (a || situation) {
    parts.push("<h2>" + escapeHtml(f.situation) + "</h2>");
    var rows = [];
    var name = situation || (a && (a.category_name || s.categories[a.category])) || "";
    if (typeof summary.term === "string" && summary.term) name += " (" + summary.term + ")";
    rows.push([c.category, name]);
    if (a) {
      var na = a.category === "not_metastatic" || a.category === "not_nsclc";
      rows.push([c.definition, na ? c.defNA : a.within_definition === true ? c.defYes : a.within_definition === false ? c.defNo : c.defUnknown]);
      var counts = [];
      if (typeof a.metastasis_count === "number") counts.push(c.outside(a.metastasis_count));
      if (typeof a.brain_metastasis_count === "number") counts.push(c.brain(a.brain_metastasis_count));
      if (typeof a.organ_count === "number") counts.push(c.organs(a.organ_count));
      if (counts.length) rows.push([c.counts, counts.join("; ")]);
      var local = strings(a.local_options);
      rows.push([c.local, local.length ? local.map(function (x) { return s.treatments[x] || x; }).join("; ") : c.localNone]);
      if (!na) {
        var tp = c.trialWords[a.trial_prescreen] ? a.trial_prescreen : "unknown";
        rows.push([c.trial, c.trialWords[tp] + c.trialTail]);
      }
    }
    parts.push("<dl>" + rows.map(function (r) { return "<dt>" + escapeHtml(r[0]) + "</dt><dd>" + escapeHtml(r[1]) + "</dd>"; }).join("") + "</dl>");
    if (strings(summary.reasons).length) parts.push("<h3>" + escapeHtml(f.reasons) + "</h3>" + list(strings(summary.reasons)));
    var d = cleanDiagram(summary.diagram) || (aItem && aItem.diagram) || null;
    if (d) {
      var markup = svgMarkup(d, d.title || c.diagram);
      parts.push("<section class=picture><h3>" + escapeHtml(f.picture) + "</h3><figure>" + markup + "<figcaption>" +
        list(d.steps, "ol") + "</figcaption></figure></section>");
    }
  }
  if (strings(summary.questions).length) parts.push("<h2>" + escapeHtml(f.questionsTeam) + "</h2>" + list(strings(summary.questions)));
  if (asked.length) parts.push("<h2>" + escapeHtml(f.asked) + "</h2>" + list(asked));
  var srcs = Array.isArray(summary.sources) ? summary.sources.filter(isObject) : [];
  if (srcs.length) {
    parts.push("<h2>" + escapeHtml(f.sources) + "</h2><ul class=sources>" + srcs.map(function (src) {
      var cites = (Array.isArray(src.citations) ? src.citations : []).map(citationHtml).filter(Boolean);
      return "<li><strong>" + escapeHtml(src.title || src.id || "") + "</strong>" +
        (cites.length ? "<br>" + cites.join("<br>") : "") +
        "<span class=review>" + escapeHtml(f.review + " " + (typeof src.review === "string" && src.review ? src.review : "Not yet reviewed by a clinician")) + "</span></li>";
    }).join("") + "</ul>");
  } else if (a && Array.isArray(a.citations) && a.citations.length) {
    parts.push("<h2>" + escapeHtml(f.sources) + "</h2><ul class=sources>" + a.citations.map(function (ci) {
      var h = citationHtml(ci);
      return h ? "<li>" + h + "</li>" : "";
    }).join("") + "</ul>");
  }
  if (!a && !situation && !asked.length && !strings(summary.what_i_told).length) parts.push("<p>" + escapeHtml(f.empty) + "</p>");
  if (typeof summary.contact === "string") parts.push("<h2>" + escapeHtml(f.contact) + "</h2><p>" + escapeHtml(summary.contact) + "</p>");
  if (a || situation) parts.push("<p class=clinician>" + escapeHtml(f.forClinician) + "</p>");
  parts.push("<p class=note>" + escapeHtml(typeof summary.note === "string" ? summary.note : f.note) + "</p>");
  parts.push("</main>");
  return "<!doctype html>\n<html lang=\"" + this.lang + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + escapeHtml(title) + "</title><style>" + SUMMARY_CSS +
    "</style></head><body>\n" + parts.join("\n") + "\n</body></html>\n";
};

Widget.prototype.downloadSummary = function () {
  var html = this.summaryHtml();
  var blob = new Blob([html], { type: "text/html;charset=utf-8" });
  var url = URL.createObjectURL(blob);
  var a = el("a", { href: url, download: "appointment-summary.html", hidden: true });
  this.root.appendChild(a);
  a.click();
  this.root.removeChild(a);
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  this.announce(this.s.downloaded);
};

/* ---------------- start again / forget */

Widget.prototype.askRestart = function () {
  this.confirmBox.hidden = false;
  this.restartBtn.setAttribute("aria-expanded", "true");
  this.confirmYes.focus();
};

Widget.prototype.hideRestart = function (focus) {
  this.confirmBox.hidden = true;
  this.restartBtn.setAttribute("aria-expanded", "false");
  if (focus) this.restartBtn.focus();
};

Widget.prototype.newConversation = function () {
  this.items = [];
  this.turnTexts = [];
  this.sessionId = randomId();
  this.store.set(this.keys.session, this.sessionId);
  this.save();
  if (this.transport) this.transport.newSession();
};

Widget.prototype.restart = function () {
  this.newConversation();
  this.hideRestart(false);
  this.renderAll();
  this.add({ t: "note", text: this.s.cleared });
  this.announce(this.s.cleared);
  this.input.focus();
};

/* The bot deleted the conversation: keep only its confirmation, and forget the session on this device. */
Widget.prototype.forget = function () {
  var texts = this.turnTexts.slice();
  this.newConversation();
  this.renderAll();
  var self = this;
  texts.forEach(function (t) { self.add({ t: "bot", text: t }); });
};

Widget.prototype.destroy = function () {
  if (this.transport) this.transport.close();
  clearTimeout(this.slowTimer);
  if (this.host.parentNode) this.host.parentNode.removeChild(this.host);
};

/* ------------------------------------------------------------------ public API */

function publicApi(w) {
  return {
    open: function () { w.open(true); },
    close: function () { w.close(false); },
    restart: function () { w.restart(); },
    destroy: function () { w.destroy(); },
    get state() { return w.state; }
  };
}

function mount(options) {
  if (!options || !options.server) throw new Error("LungInfoChat: the `server` option (Rasa URL) is required");
  return publicApi(new Widget(options));
}

function optionsFromScript(script) {
  var d = script.dataset;
  return {
    server: d.server,
    title: d.title,
    clinic: d.clinic,
    lang: d.lang || document.documentElement.lang || "en",
    greeting: d.greeting,
    launcherLabel: d.launcherLabel,
    position: d.position,
    storage: d.storage,
    socketPath: d.socketPath,
    open: d.open === "true"
  };
}

var api = window.LungInfoChat || {};
if (!api.mount) {
  api.version = VERSION;
  api.mount = mount;
  window.LungInfoChat = api;
  var script = document.currentScript;
  if (script && script.dataset && script.dataset.autostart !== "false") {
    var opts = optionsFromScript(script);
    var start = function () {
      if (!opts.server) { if (window.console) console.error("LungInfoChat: data-server is missing on the script tag"); return; }
      api.widget = mount(opts);
    };
    if (document.body) start();
    else document.addEventListener("DOMContentLoaded", start);
  }
}

})();
